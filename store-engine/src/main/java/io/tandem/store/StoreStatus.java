package io.tandem.store;

/**
 * A snapshot of the store's positions.
 *
 * @param minPosition        first commit log position still kept
 * @param writePosition      end of the log in memory
 * @param durablePosition    end of the log on disk, synced
 * @param dispatchedPosition end of what consume queues and index cover
 * @param ioEngine           the I/O engine in use
 * @param failed             true after an unrecoverable I/O error
 */
public record StoreStatus(long minPosition, long writePosition, long durablePosition, long dispatchedPosition,
                          String ioEngine, boolean failed) {
}
