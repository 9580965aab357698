package io.tandem.store;

/** Outcome of {@link MessageStore#read}. */
public enum ReadStatus {
    /** At least one message was returned. */
    FOUND,
    /** Entries were there but none passed the filter; continue from the result's next offset. */
    NO_MATCHED_MESSAGE,
    /** The offset equals the queue's max offset: nothing new yet. */
    NO_NEW_MESSAGE,
    /** The offset is beyond the queue's max offset; the next offset is the max. */
    OFFSET_OVERFLOW,
    /** The offset was deleted by retention (or never existed below the min); the next valid offset is the min. */
    OFFSET_MOVED,
    /** Nothing was ever stored in this queue. */
    NO_MESSAGE_IN_QUEUE
}
