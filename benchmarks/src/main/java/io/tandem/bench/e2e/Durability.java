package io.tandem.bench.e2e;

/**
 * When a broker acknowledges a send: {@link #ASYNC} once the message is in the kernel's page cache or written by
 * O_DIRECT, out of the broker's process (synced to disk in the background), {@link #SYNC} once it is synced to disk.
 * Each broker is configured its own way: Tandem's {@code tandem.broker.durability}, RocketMQ's {@code flushDiskType}
 * (ASYNC_FLUSH or SYNC_FLUSH), and Kafka's {@code log.flush.interval.messages} (its default, or 1 for SYNC).
 */
public enum Durability {
    ASYNC,
    SYNC
}
