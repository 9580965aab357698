package io.tandem.protocol.body;

/**
 * Keys of the {@link KvTable} a broker answers GET_BROKER_RUNTIME_INFO (28) with, as RocketMQ's {@code mqadmin
 * brokerStatus} and {@code clusterList} and RocketMQ Dashboard read them. Values are decimal text unless noted.
 */
public final class BrokerRuntimeKeys {

    /** {@code true} while the broker serves as its group's master. */
    public static final String BROKER_ACTIVE = "brokerActive";
    /** Human-readable broker version. */
    public static final String BROKER_VERSION_DESC = "brokerVersionDesc";
    /** Protocol version ordinal the broker answers with (479 = RocketMQ 5.3.3). */
    public static final String BROKER_VERSION = "brokerVersion";
    /** When the broker started, ms since the epoch. */
    public static final String BOOT_TIMESTAMP = "bootTimestamp";
    /** Time since the start, {@code [ d days, h hours, m minutes, s seconds ]}. */
    public static final String RUNTIME = "runtime";

    /** Messages stored by sends since the start, as of the start of yesterday (local time). */
    public static final String MSG_PUT_TOTAL_YESTERDAY_MORNING = "msgPutTotalYesterdayMorning";
    /** Messages stored by sends since the start, as of the start of today. */
    public static final String MSG_PUT_TOTAL_TODAY_MORNING = "msgPutTotalTodayMorning";
    /** Messages stored by sends since the start, now. */
    public static final String MSG_PUT_TOTAL_TODAY_NOW = "msgPutTotalTodayNow";
    /** Messages handed to consumers since the start, as of the start of yesterday. */
    public static final String MSG_GET_TOTAL_YESTERDAY_MORNING = "msgGetTotalYesterdayMorning";
    /** Messages handed to consumers since the start, as of the start of today. */
    public static final String MSG_GET_TOTAL_TODAY_MORNING = "msgGetTotalTodayMorning";
    /** Messages handed to consumers since the start, now. */
    public static final String MSG_GET_TOTAL_TODAY_NOW = "msgGetTotalTodayNow";

    /** Messages stored per second over the last 10 s, 60 s and 600 s, space separated, two decimals. */
    public static final String PUT_TPS = "putTps";
    /** Messages handed to consumers per second over the last 10 s, 60 s and 600 s, as {@link #PUT_TPS}. */
    public static final String GET_TRANSFERRED_TPS = "getTransferredTps";
    /** Messages stored by sends since the start. */
    public static final String PUT_MESSAGE_TIMES_TOTAL = "putMessageTimesTotal";
    /** Body bytes stored by sends since the start. */
    public static final String PUT_MESSAGE_SIZE_TOTAL = "putMessageSizeTotal";
    /** Average body bytes per stored message. */
    public static final String PUT_MESSAGE_AVERAGE_SIZE = "putMessageAverageSize";

    /** Store time of the oldest message still kept, ms since the epoch (0 when the log is empty). */
    public static final String EARLIEST_MESSAGE_TIMESTAMP = "earliestMessageTimeStamp";
    /** First commit-log position still kept. */
    public static final String COMMIT_LOG_MIN_OFFSET = "commitLogMinOffset";
    /** End of the commit log. */
    public static final String COMMIT_LOG_MAX_OFFSET = "commitLogMaxOffset";
    /** Used fraction of the data directory's file system, 0 to 1. */
    public static final String COMMIT_LOG_DISK_RATIO = "commitLogDiskRatio";
    /** {@code Total : <size>, Free : <size>.} of the data directory's file system. */
    public static final String COMMIT_LOG_DIR_CAPACITY = "commitLogDirCapacity";
    /** Commit-log bytes not yet in consume queues and the index. */
    public static final String DISPATCH_BEHIND_BYTES = "dispatchBehindBytes";
    /** Commit-log bytes written but not yet synced to disk, human readable. */
    public static final String REMAIN_HOW_MANY_DATA_TO_FLUSH = "remainHowManyDataToFlush";

    /** Requests waiting in front of the send handlers. */
    public static final String SEND_THREAD_POOL_QUEUE_SIZE = "sendThreadPoolQueueSize";
    /** How long the oldest waiting send request has waited, ms. */
    public static final String SEND_THREAD_POOL_QUEUE_HEAD_WAIT_TIME_MILLS = "sendThreadPoolQueueHeadWaitTimeMills";
    /** Requests waiting in front of the pull handlers. */
    public static final String PULL_THREAD_POOL_QUEUE_SIZE = "pullThreadPoolQueueSize";
    /** How long the oldest waiting pull request has waited, ms. */
    public static final String PULL_THREAD_POOL_QUEUE_HEAD_WAIT_TIME_MILLS = "pullThreadPoolQueueHeadWaitTimeMills";
    /** How long the last append waited for the commit-log lock, ms. */
    public static final String PAGE_CACHE_LOCK_TIME_MILLS = "pageCacheLockTimeMills";

    /** Tandem: the store's I/O engine ({@code uring}, {@code pagecache}, {@code mmap}). */
    public static final String IO_ENGINE = "ioEngine";
    /** Tandem: {@code ASYNC} or {@code SYNC}. */
    public static final String DURABILITY = "durability";
    /** Tandem: open client connections. */
    public static final String CLIENT_CONNECTIONS = "clientConnections";

    private BrokerRuntimeKeys() {
    }
}
