package io.tandem.store;

/**
 * Where an appended record landed, or that it was refused.
 *
 * @param status         {@link AppendStatus#APPENDED}, or why nothing was written; the other fields are meaningful
 *                       only for an appended record
 * @param position       the record's commit log position (its message id in the store); -1 if refused
 * @param length         encoded record length in bytes; 0 if refused
 * @param queueOffset    its offset in the consume queue of its topic and queue; -1 if refused
 * @param storeTimestamp the store time given to it, ms; 0 if refused
 */
public record AppendResult(AppendStatus status, long position, int length, long queueOffset, long storeTimestamp) {

    /** A refusal because the disk is full. */
    public static final AppendResult DISK_FULL = new AppendResult(AppendStatus.DISK_FULL, -1, 0, -1, 0);

    /** An appended record. */
    public AppendResult(long position, int length, long queueOffset, long storeTimestamp) {
        this(AppendStatus.APPENDED, position, length, queueOffset, storeTimestamp);
    }

    /** True if the record is in the log. */
    public boolean appended() {
        return status == AppendStatus.APPENDED;
    }
}
