package io.tandem.client.producer;

import io.tandem.protocol.header.TransactionResolution;

/** The outcome of a local transaction, as a {@link TransactionListener} reports it. */
public enum TransactionState {
    /** The local transaction committed: the message becomes visible to consumers. */
    COMMIT(TransactionResolution.COMMIT),
    /** The local transaction rolled back: the message is discarded. */
    ROLLBACK(TransactionResolution.ROLLBACK),
    /** Not known yet: the broker asks again later through {@link TransactionListener#check}. */
    UNKNOWN(TransactionResolution.UNKNOWN);

    private final TransactionResolution wire;

    TransactionState(TransactionResolution wire) {
        this.wire = wire;
    }

    TransactionResolution wire() {
        return wire;
    }
}
