package io.tandem.protocol.header;

/**
 * The producer's answer about a half message in END_TRANSACTION's {@code commitOrRollback} (fact sheet 2.9). Wire
 * values are the transaction-type values of the message sys flag.
 */
public enum TransactionResolution {
    /** Not decided yet; the reference broker ignores it and checks back later. */
    UNKNOWN(0),
    COMMIT(8),
    ROLLBACK(12);

    private final int wireValue;

    TransactionResolution(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    /** The resolution for a wire value, or null when the value means none of them. */
    public static TransactionResolution fromWireValue(int value) {
        for (TransactionResolution resolution : values()) {
            if (resolution.wireValue == value) {
                return resolution;
            }
        }
        return null;
    }
}
