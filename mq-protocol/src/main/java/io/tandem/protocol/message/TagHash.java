package io.tandem.protocol.message;

/**
 * The tag hash the reference stores in consume-queue entries and compares with a subscription's {@code codeSet}
 * (fact sheet 2.5 and 6.2): Java's {@code String.hashCode} of the TAGS value, 0 when there is no tag. Clients
 * compute the same value for each subscribed tag ({@code "TagA"} gives 2598919).
 */
public final class TagHash {

    private TagHash() {
    }

    /** Hash of a TAGS property value; 0 for null or empty. */
    public static int of(String tags) {
        return tags == null || tags.isEmpty() ? 0 : tags.hashCode();
    }
}
