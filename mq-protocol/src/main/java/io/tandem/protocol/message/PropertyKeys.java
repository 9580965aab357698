package io.tandem.protocol.message;

/**
 * Names of the message properties that the protocol gives a meaning (fact sheet section 5). A constant is named
 * after its wire value wherever the value is a valid identifier.
 */
public final class PropertyKeys {

    /** Business keys, separated by {@link #KEY_SEPARATOR}; indexed for QUERY_MESSAGE. */
    public static final String KEYS = "KEYS";
    /** Separator between keys in {@link #KEYS}. */
    public static final String KEY_SEPARATOR = " ";
    /** A single tag; its {@link TagHash} goes into the consume queue. */
    public static final String TAGS = "TAGS";
    /** Wait-for-store flag. */
    public static final String WAIT = "WAIT";
    /** Delay level 1..18. */
    public static final String DELAY = "DELAY";
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    public static final String REAL_TOPIC = "REAL_TOPIC";
    public static final String REAL_QID = "REAL_QID";
    /** {@code "true"} marks a half message. */
    public static final String TRAN_MSG = "TRAN_MSG";
    /** Producer group to check back with. */
    public static final String PGROUP = "PGROUP";
    public static final String TRANSACTION_ID = "__transactionId__";
    public static final String TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    public static final String CHECK_IMMUNITY_TIME_IN_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    public static final String TRAN_PREPARED_QUEUE_OFFSET = "TRAN_PREPARED_QUEUE_OFFSET";
    /** The unique client id ({@link UniqueKey}). */
    public static final String UNIQ_KEY = "UNIQ_KEY";
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    public static final String RECONSUME_TIME = "RECONSUME_TIME";
    public static final String CONSUME_START_TIME = "CONSUME_START_TIME";
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    public static final String MSG_REGION = "MSG_REGION";
    public static final String TRACE_ON = "TRACE_ON";
    public static final String CLUSTER = "CLUSTER";
    public static final String MIN_OFFSET = "MIN_OFFSET";
    public static final String MAX_OFFSET = "MAX_OFFSET";
    public static final String INSTANCE_ID = "INSTANCE_ID";
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    public static final String TIMER_OUT_MS = "TIMER_OUT_MS";
    public static final String TIMER_ENQUEUE_MS = "TIMER_ENQUEUE_MS";
    public static final String TIMER_DEQUEUE_MS = "TIMER_DEQUEUE_MS";
    public static final String TIMER_ROLL_TIMES = "TIMER_ROLL_TIMES";
    public static final String TIMER_DEL_UNIQKEY = "TIMER_DEL_UNIQKEY";
    public static final String START_DELIVER_TIME = "__STARTDELIVERTIME";
    /** Added by the broker when {@code enabledAppendPropCRC}; fixed length of 10 digits. */
    public static final String CRC32 = "__CRC32#";
    public static final String POP_CK = "POP_CK";
    public static final String POP_CK_OFFSET = "POP_CK_OFFSET";
    public static final String FIRST_POP_TIME = "1ST_POP_TIME";
    public static final String DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
    public static final String DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";
    public static final String CORRELATION_ID = "CORRELATION_ID";
    public static final String REPLY_TO_CLIENT = "REPLY_TO_CLIENT";
    public static final String TTL = "TTL";
    public static final String ARRIVE_TIME = "ARRIVE_TIME";
    public static final String MSG_TYPE = "MSG_TYPE";
    public static final String SHARDING_KEY = "__SHARDINGKEY";
    public static final String BORN_HOST = "__BORNHOST";
    public static final String BORN_TIMESTAMP = "BORN_TIMESTAMP";
    public static final String INNER_NUM = "INNER_NUM";
    public static final String INNER_BASE = "INNER_BASE";

    private PropertyKeys() {
    }
}
