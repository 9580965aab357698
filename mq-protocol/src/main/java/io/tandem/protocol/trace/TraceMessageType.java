package io.tandem.protocol.trace;

/** The kind of message a {@code Pub} or {@code EndTransaction} record is about; written as the ordinal. */
public enum TraceMessageType {
    NORMAL,
    TRANSACTION_HALF,
    TRANSACTION_COMMIT,
    DELAY,
    ORDER;

    /**
     * @throws IllegalArgumentException if {@code ordinal} names no type
     */
    public static TraceMessageType ofOrdinal(int ordinal) {
        TraceMessageType[] types = values();
        if (ordinal < 0 || ordinal >= types.length) {
            throw new IllegalArgumentException("message type " + ordinal + " is not in [0, " + (types.length - 1) + "]");
        }
        return types[ordinal];
    }
}
