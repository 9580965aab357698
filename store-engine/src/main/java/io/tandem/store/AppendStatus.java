package io.tandem.store;

/** Whether an append took place; see {@link AppendResult#status()}. */
public enum AppendStatus {
    /** The record is in the log, at the result's position. */
    APPENDED,
    /**
     * Refused, nothing was written: the file system holding the store is past the high-water mark of
     * {@link StoreConfig#diskUsageHighWaterMark()} or out of space ({@link MessageStore#diskStatus()} says which).
     * Appends are admitted again by themselves once space is back.
     */
    DISK_FULL
}
