package io.tandem.protocol.trace;

/**
 * Layout of trace data, the body of a message in the trace topic ({@value #DEFAULT_TOPIC} unless the client names
 * another), as RocketMQ's clients write it with message trace on, extended by Tandem's broker records.
 *
 * <pre>
 *   body   := record*                                   (UTF-8 text)
 *   record := type (0x01 field)* 0x02                   (fields never contain 0x01 or 0x02)
 *
 *   Pub            : type time region group topic msgId tags keys storeHost bodyLength costMs msgType offsetMsgId
 *                    success [clientHost]
 *   SubBefore      : type time region group requestId msgId retryTimes keys
 *   SubAfter       : type requestId msgId costMs success keys [contextCode [time group]]
 *   EndTransaction : type time region group topic msgId tags keys storeHost msgType transactionId state fromCheck
 *   Recall         : type time region group topic msgId success
 *
 *   BrokerStored     : type time broker topic msgId tags keys queueId queueOffset offsetMsgId storeHost bodyLength
 *                      bornTime bornHost
 *   BrokerRetry      : type time broker group msgId keys originTopic attempt delayLevel offsetMsgId
 *   BrokerDeadLetter : type time broker group msgId keys originTopic attempt reason offsetMsgId
 *   BrokerHalf       : type time broker producerGroup topic msgId keys halfOffset offsetMsgId
 *   BrokerCheckBack  : type time broker producerGroup msgId checkNumber clientId clientAddr answer latencyMs
 *   BrokerDecision   : type time broker producerGroup msgId decision source halfOffset
 * </pre>
 *
 * Times are ms since the epoch; {@code msgType} is the ordinal of {@link TraceMessageType}; {@code success} and
 * {@code fromCheck} are {@code true}/{@code false}; absent text fields are written as {@code null} by the clients.
 * The trace message's KEYS hold the {@code msgId} and the {@code keys} of every record it carries, so a query of the
 * trace topic by a message id (QUERY_MESSAGE) finds every record about that message.
 */
public final class TraceDescriptor {

    /** Trace topic of clients that do not name their own. */
    public static final String DEFAULT_TOPIC = "RMQ_SYS_TRACE_TOPIC";
    /** Separates the fields of a record. */
    public static final char FIELD_SEPARATOR = '\u0001';
    /** Ends a record. */
    public static final char RECORD_SEPARATOR = '\u0002';
    /** Separates the keys inside a {@code keys} field (and in a message's KEYS property). */
    public static final String KEY_SEPARATOR = " ";
    /** How absent text is written. */
    public static final String ABSENT = "null";

    /** Field positions common to every record. */
    public static final int TYPE = 0;

    /** Field positions of {@code Pub}. */
    public static final class Pub {
        public static final int TIME = 1;
        public static final int REGION = 2;
        public static final int GROUP = 3;
        public static final int TOPIC = 4;
        public static final int MSG_ID = 5;
        public static final int TAGS = 6;
        public static final int KEYS = 7;
        public static final int STORE_HOST = 8;
        public static final int BODY_LENGTH = 9;
        public static final int COST_MS = 10;
        public static final int MSG_TYPE = 11;
        /** Position of {@code success} in the oldest layout, which has no {@code offsetMsgId}. */
        public static final int SUCCESS_WITHOUT_OFFSET_ID = 12;
        public static final int OFFSET_MSG_ID = 12;
        public static final int SUCCESS = 13;
        public static final int CLIENT_HOST = 14;
        public static final int MIN_FIELDS = 13;

        private Pub() {
        }
    }

    /** Field positions of {@code SubBefore}. */
    public static final class SubBefore {
        public static final int TIME = 1;
        public static final int REGION = 2;
        public static final int GROUP = 3;
        public static final int REQUEST_ID = 4;
        public static final int MSG_ID = 5;
        public static final int RETRY_TIMES = 6;
        public static final int KEYS = 7;
        public static final int FIELDS = 8;

        private SubBefore() {
        }
    }

    /** Field positions of {@code SubAfter}. */
    public static final class SubAfter {
        public static final int REQUEST_ID = 1;
        public static final int MSG_ID = 2;
        public static final int COST_MS = 3;
        public static final int SUCCESS = 4;
        public static final int KEYS = 5;
        public static final int CONTEXT_CODE = 6;
        public static final int TIME = 7;
        public static final int GROUP = 8;
        public static final int MIN_FIELDS = 6;
        public static final int FIELDS = 9;

        private SubAfter() {
        }
    }

    /** Field positions of {@code EndTransaction}. */
    public static final class EndTransaction {
        public static final int TIME = 1;
        public static final int REGION = 2;
        public static final int GROUP = 3;
        public static final int TOPIC = 4;
        public static final int MSG_ID = 5;
        public static final int TAGS = 6;
        public static final int KEYS = 7;
        public static final int STORE_HOST = 8;
        public static final int MSG_TYPE = 9;
        public static final int TRANSACTION_ID = 10;
        public static final int STATE = 11;
        public static final int FROM_CHECK = 12;
        public static final int FIELDS = 13;

        private EndTransaction() {
        }
    }

    /** Field positions of {@code Recall}. */
    public static final class Recall {
        public static final int TIME = 1;
        public static final int REGION = 2;
        public static final int GROUP = 3;
        public static final int TOPIC = 4;
        public static final int MSG_ID = 5;
        public static final int SUCCESS = 6;
        public static final int FIELDS = 7;

        private Recall() {
        }
    }

    /** Field positions of {@code BrokerStored}. */
    public static final class BrokerStored {
        public static final int TIME = 1;
        public static final int BROKER = 2;
        public static final int TOPIC = 3;
        public static final int MSG_ID = 4;
        public static final int TAGS = 5;
        public static final int KEYS = 6;
        public static final int QUEUE_ID = 7;
        public static final int QUEUE_OFFSET = 8;
        public static final int OFFSET_MSG_ID = 9;
        public static final int STORE_HOST = 10;
        public static final int BODY_LENGTH = 11;
        public static final int BORN_TIME = 12;
        public static final int BORN_HOST = 13;
        public static final int FIELDS = 14;

        private BrokerStored() {
        }
    }

    /** Field positions of {@code BrokerRetry} and {@code BrokerDeadLetter} ({@code DETAIL}: delay level or reason). */
    public static final class BrokerRedelivery {
        public static final int TIME = 1;
        public static final int BROKER = 2;
        public static final int GROUP = 3;
        public static final int MSG_ID = 4;
        public static final int KEYS = 5;
        public static final int ORIGIN_TOPIC = 6;
        public static final int ATTEMPT = 7;
        public static final int DETAIL = 8;
        public static final int OFFSET_MSG_ID = 9;
        public static final int FIELDS = 10;

        private BrokerRedelivery() {
        }
    }

    /** Field positions of {@code BrokerHalf}. */
    public static final class BrokerHalf {
        public static final int TIME = 1;
        public static final int BROKER = 2;
        public static final int PRODUCER_GROUP = 3;
        public static final int TOPIC = 4;
        public static final int MSG_ID = 5;
        public static final int KEYS = 6;
        public static final int HALF_OFFSET = 7;
        public static final int OFFSET_MSG_ID = 8;
        public static final int FIELDS = 9;

        private BrokerHalf() {
        }
    }

    /** Field positions of {@code BrokerCheckBack}. */
    public static final class BrokerCheckBack {
        public static final int TIME = 1;
        public static final int BROKER = 2;
        public static final int PRODUCER_GROUP = 3;
        public static final int MSG_ID = 4;
        public static final int CHECK_NUMBER = 5;
        public static final int CLIENT_ID = 6;
        public static final int CLIENT_ADDR = 7;
        public static final int ANSWER = 8;
        public static final int LATENCY_MS = 9;
        public static final int FIELDS = 10;

        private BrokerCheckBack() {
        }
    }

    /** Field positions of {@code BrokerDecision}. */
    public static final class BrokerDecision {
        public static final int TIME = 1;
        public static final int BROKER = 2;
        public static final int PRODUCER_GROUP = 3;
        public static final int MSG_ID = 4;
        public static final int DECISION = 5;
        public static final int SOURCE = 6;
        public static final int HALF_OFFSET = 7;
        public static final int FIELDS = 8;

        private BrokerDecision() {
        }
    }

    private TraceDescriptor() {
    }
}
