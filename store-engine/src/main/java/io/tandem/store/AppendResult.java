package io.tandem.store;

/**
 * Where an appended record landed.
 *
 * @param position       the record's commit log position (its message id in the store)
 * @param length         encoded record length in bytes
 * @param queueOffset    its offset in the consume queue of its topic and queue
 * @param storeTimestamp the store time given to it, ms
 */
public record AppendResult(long position, int length, long queueOffset, long storeTimestamp) {
}
