package io.tandem.protocol.trace;

/** What a transactional producer reported in an {@code EndTransaction} record, by its wire name. */
public enum TransactionState {
    COMMIT_MESSAGE,
    ROLLBACK_MESSAGE,
    /** Spelled as the clients write it. */
    UNKNOW
}
