package io.tandem.protocol.trace;

/**
 * The kinds of trace records, by the name that starts a record on the wire ({@link TraceDescriptor}). The first five
 * are written by RocketMQ clients with message trace on; the {@code BROKER_*} ones by a Tandem broker about what it
 * did itself. RocketMQ's tools skip types they do not know, so broker records do not disturb them.
 */
public enum TraceType {
    /** A producer sent the message (client). */
    PUB("Pub"),
    /** A consumer is about to hand the message to its listener (client). */
    SUB_BEFORE("SubBefore"),
    /** The consumer's listener returned (client). */
    SUB_AFTER("SubAfter"),
    /** A transactional producer ended the local transaction or answered a check (client). */
    END_TRANSACTION("EndTransaction"),
    /** A producer recalled a delayed message (client). */
    RECALL("Recall"),
    /** The broker stored the message in its topic (broker). */
    BROKER_STORED("BrokerStored"),
    /** The broker made a redelivery of the message ready for one consumer group (broker). */
    BROKER_RETRY("BrokerRetry"),
    /** The broker moved the message to a group's dead-letter queue (broker). */
    BROKER_DEAD_LETTER("BrokerDeadLetter"),
    /** The broker stored a half (transactional, not yet visible) message (broker). */
    BROKER_HALF("BrokerHalf"),
    /** The broker asked a producer about an undecided half, and what came back (broker). */
    BROKER_CHECK_BACK("BrokerCheckBack"),
    /** A half message was committed or rolled back, and by whom (broker). */
    BROKER_DECISION("BrokerDecision");

    private final String wireName;

    TraceType(String wireName) {
        this.wireName = wireName;
    }

    /** The name as written at the start of a record. */
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name, or null for a name this version does not know. */
    public static TraceType ofWireName(String name) {
        for (TraceType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
