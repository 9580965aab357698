package io.tandem.protocol.header;

/** Which side of a time boundary SEARCH_OFFSET_BY_TIMESTAMP looks for (fact sheet 2.13); Java clients send LOWER. */
public enum BoundaryType {
    /** The earliest offset whose store time is at or after the timestamp. */
    LOWER,
    /** The latest offset whose store time is at or before the timestamp. */
    UPPER
}
