package io.tandem.store;

/** When an append is acknowledged. */
public enum Durability {
    /** Acknowledged once the record is in the store's memory; flushed to disk on an interval. */
    ASYNC,
    /** Acknowledged only after the record's bytes are durable; concurrent appenders share one flush. */
    SYNC
}
