package io.tandem.store;

/**
 * Which appends the disk's high-water mark refuses. The space between the mark and a full disk is kept for appends
 * that complete what the store already acknowledged, so that a full disk stops new messages but not the work that
 * finishes older ones.
 */
public enum AppendPriority {
    /** A new message: refused once the disk is past {@link StoreConfig#diskUsageHighWaterMark()}. */
    NEW,
    /**
     * Completes something already stored (a transaction decision and the message it commits, a delayed message
     * falling due): admitted past the high-water mark, refused only while the file system is out of space.
     */
    COMPLETION
}
