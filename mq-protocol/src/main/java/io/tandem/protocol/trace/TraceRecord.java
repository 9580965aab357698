package io.tandem.protocol.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One trace record: something that happened to one message, written by a client or by the broker. Encoded and decoded
 * by {@link TraceCodec} in the layout of {@link TraceDescriptor}. Text fields that the writer did not know are null.
 * Immutable.
 */
public sealed interface TraceRecord {

    TraceType type();

    /** The message's unique id (UNIQ_KEY; for transactions also the transaction id). */
    String msgId();

    /** The message's keys, space separated, or null. */
    String keys();

    /** The keys under which the trace message carrying this record is indexed: the message id, then each key. */
    default List<String> indexKeys() {
        List<String> keys = new ArrayList<>();
        if (msgId() != null && !msgId().isEmpty()) {
            keys.add(msgId());
        }
        if (keys() != null) {
            for (String key : keys().split(TraceDescriptor.KEY_SEPARATOR)) {
                if (!key.isEmpty() && !keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** A producer sent the message. {@code offsetMsgId} and {@code clientHost} are null in older layouts. */
    record Publish(long timestamp, String regionId, String group, String topic, String msgId, String tags,
                   String keys, String storeHost, int bodyLength, int costMs, TraceMessageType messageType,
                   String offsetMsgId, boolean success, String clientHost) implements TraceRecord {
        public Publish {
            Objects.requireNonNull(messageType, "messageType");
        }

        @Override
        public TraceType type() {
            return TraceType.PUB;
        }
    }

    /** A consumer is about to run its listener; {@code retryTimes} deliveries came before this one. */
    record ConsumeBefore(long timestamp, String regionId, String group, String requestId, String msgId,
                         int retryTimes, String keys) implements TraceRecord {
        @Override
        public TraceType type() {
            return TraceType.SUB_BEFORE;
        }
    }

    /**
     * The consumer's listener returned. {@code contextCode} (the listener's result kind), {@code timestamp} and
     * {@code group} are null in older layouts.
     */
    record ConsumeAfter(String requestId, String msgId, int costMs, boolean success, String keys, Integer contextCode,
                        Long timestamp, String group) implements TraceRecord {
        @Override
        public TraceType type() {
            return TraceType.SUB_AFTER;
        }
    }

    /** A transactional producer ended its local transaction ({@code fromCheck} false) or answered a check. */
    record EndTransaction(long timestamp, String regionId, String group, String topic, String msgId, String tags,
                          String keys, String storeHost, TraceMessageType messageType, String transactionId,
                          TransactionState state, boolean fromCheck) implements TraceRecord {
        public EndTransaction {
            Objects.requireNonNull(messageType, "messageType");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public TraceType type() {
            return TraceType.END_TRANSACTION;
        }
    }

    /** A producer recalled a delayed message. */
    record Recall(long timestamp, String regionId, String group, String topic, String msgId, boolean success)
            implements TraceRecord {
        @Override
        public String keys() {
            return null;
        }

        @Override
        public TraceType type() {
            return TraceType.RECALL;
        }
    }

    /** The broker stored the message in {@code topic} at {@code timestamp}, at that queue and offset. */
    record Stored(long timestamp, String broker, String topic, String msgId, String tags, String keys, int queueId,
                  long queueOffset, String offsetMsgId, String storeHost, int bodyLength, long bornTimestamp,
                  String bornHost) implements TraceRecord {
        @Override
        public TraceType type() {
            return TraceType.BROKER_STORED;
        }
    }

    /**
     * Redelivery number {@code attempt} of the message became ready for {@code group} at {@code timestamp}, after the
     * delay of {@code delayLevel}.
     */
    record Retry(long timestamp, String broker, String group, String msgId, String keys, String originTopic,
                 int attempt, int delayLevel, String offsetMsgId) implements TraceRecord {
        @Override
        public TraceType type() {
            return TraceType.BROKER_RETRY;
        }
    }

    /** The message went to {@code group}'s dead-letter queue after {@code attempt} deliveries. */
    record DeadLetter(long timestamp, String broker, String group, String msgId, String keys, String originTopic,
                      int attempt, DeadLetterReason reason, String offsetMsgId) implements TraceRecord {
        public DeadLetter {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public TraceType type() {
            return TraceType.BROKER_DEAD_LETTER;
        }
    }

    /** The broker stored a half message for {@code topic}; it stays invisible until committed. */
    record HalfStored(long timestamp, String broker, String producerGroup, String topic, String msgId, String keys,
                      long halfOffset, String offsetMsgId) implements TraceRecord {
        @Override
        public TraceType type() {
            return TraceType.BROKER_HALF;
        }
    }

    /**
     * The broker sent check-back number {@code checkNumber} to one producer connection at {@code timestamp}; the
     * answer came {@code latencyMs} later ({@link CheckBackAnswer#NO_ANSWER} and -1 when none came).
     */
    record CheckBack(long timestamp, String broker, String producerGroup, String msgId, int checkNumber,
                     String clientId, String clientAddr, CheckBackAnswer answer, long latencyMs)
            implements TraceRecord {
        public CheckBack {
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public String keys() {
            return null;
        }

        @Override
        public TraceType type() {
            return TraceType.BROKER_CHECK_BACK;
        }
    }

    /**
     * The half was decided: {@code decision} is {@code COMMIT} or {@code ROLLBACK}, {@code source} who decided
     * ({@code PRODUCER}, {@code CHECK}, {@code POLICY} or {@code OPERATOR}), as in the broker's decision list.
     */
    record Decided(long timestamp, String broker, String producerGroup, String msgId, String decision, String source,
                   long halfOffset) implements TraceRecord {
        public Decided {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String keys() {
            return null;
        }

        @Override
        public TraceType type() {
            return TraceType.BROKER_DECISION;
        }
    }
}
