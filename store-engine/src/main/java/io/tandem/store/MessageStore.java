package io.tandem.store;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Tandem's message store: an append-only commit log with per-queue consume queues and a key index derived from
 * it. Open one with {@code io.tandem.store.engine.CommitLogMessageStore.open(StoreConfig)}; one store per
 * directory per machine (a lock file enforces it).
 *
 * <p>Thread-safety: every method may be called from any thread. Appends are serialized internally (one writer
 * with group commit); reads and lookups run concurrently with appends and each other.
 *
 * <p>Failure modes: appends are refused with {@link AppendStatus#DISK_FULL} (a result, not an exception) while
 * the disk is past its high-water mark or out of space, and admitted again by themselves once space is back (see
 * {@link #diskStatus()}). Append futures complete exceptionally with {@link StoreFailedException} once a flush
 * failed for another reason (nothing after the last good flush is acknowledged as durable), and
 * {@link StoreClosedException} after {@link #close()}. Damaged data is reported as {@link StoreCorruptedException} naming file and offset;
 * derived data (consume queues, index) is rebuilt from the commit log instead. Append callbacks run on the flush
 * thread (with either durability): keep them short or use the {@code *Async} variants.
 *
 * <p>Design note: this package holds the store's API only (this interface, its requests, results and errors,
 * the configuration and the record layout); the implementation that assembles the commit log, indexes and
 * duties lives in {@code io.tandem.store.engine}, so the API never imports the packages that implement it.
 */
public interface MessageStore extends AutoCloseable {

    /** The configuration the store was opened with. */
    StoreConfig config();

    // ---------------------------------------------------------------------------------------------------------
    // Appending

    /**
     * Appends one new message. The future completes with where it landed once it is as durable as the store's
     * {@link Durability} promises (ASYNC once the bytes have left the process, SYNC once they are synced), or at once
     * with {@link AppendStatus#DISK_FULL} if the disk refuses new messages (see {@link AppendPriority#NEW}).
     *
     * @throws RecordTooLargeException  (in the future) if the encoded record exceeds {@code maxRecordSize}
     */
    CompletableFuture<AppendResult> append(AppendRequest request);

    /** Appends one record of the given priority; see {@link #append(AppendRequest)}. */
    CompletableFuture<AppendResult> append(AppendRequest request, AppendPriority priority);

    /**
     * Appends new messages as one unit: they land contiguously, in order, and are acknowledged together (or all
     * refused with {@link AppendStatus#DISK_FULL}).
     */
    CompletableFuture<List<AppendResult>> appendBatch(List<AppendRequest> requests);

    /** Appends records of the given priority as one unit; see {@link #appendBatch(List)}. */
    CompletableFuture<List<AppendResult>> appendBatch(List<AppendRequest> requests, AppendPriority priority);

    // ---------------------------------------------------------------------------------------------------------
    // Replication

    /**
     * The end of what this store lets others copy: the end of what its own readers see (the durable position with
     * {@link Durability#SYNC}, the handed-off one with {@link Durability#ASYNC}), so a replica never holds what a
     * crash of this process can take back. Always a record boundary.
     */
    long replicablePosition();

    /**
     * Copies the commit log from position {@code from} into {@code target} for a replica: whole records up to about
     * {@code maxLength} bytes, never past {@link #replicablePosition()} nor the end of a segment.
     * {@code target} must hold {@code max(maxLength, maxRecordSize)} bytes.
     *
     * @return the chunk, empty when there is nothing new
     * @throws IllegalArgumentException if {@code from} was deleted by retention or lies past the end of the log
     */
    LogChunk readChunk(long from, int maxLength, MemorySegment target);

    /**
     * Appends a chunk read from a leader's store by {@link #readChunk} at the same positions, verifying every record
     * first, and completes with the new end of the log once the chunk is as durable as this store's
     * {@link Durability} promises. Consume queues and the index follow as for any append, so the copy serves reads.
     * Chunks are taken whatever the disk's high-water mark: a replica that refused them would fall behind for good.
     * The future fails with {@link IllegalArgumentException} if the chunk does not start at this log's end or is
     * damaged.
     */
    CompletableFuture<Long> appendChunk(LogChunk chunk, MemorySegment bytes);

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    /** Reads up to {@code maxCount} messages (and about {@code maxBytes}) from {@code offset} of a queue. */
    ReadResult read(String topic, int queueId, long offset, int maxCount, long maxBytes);

    /**
     * Reads up to {@code maxCount} messages whose tag hash passes {@code filter}, starting at {@code offset}.
     * At least one message is returned when one is there, even if it is larger than {@code maxBytes}.
     */
    ReadResult read(String topic, int queueId, long offset, int maxCount, long maxBytes, TagFilter filter);

    /** The first offset still readable in a queue (0 for an unknown queue). */
    long minOffset(String topic, int queueId);

    /** One past the last readable offset of a queue (0 for an unknown queue). */
    long maxOffset(String topic, int queueId);

    /** The first offset of a queue whose store time is at or after {@code timestamp}; the max offset if none. */
    long offsetForTime(String topic, int queueId, long timestamp);

    /** Topics that have at least one stored record. */
    Set<String> topics();

    /**
     * The record at commit log {@code position} (the broker's message id), or empty if no record starts there
     * or it was deleted by retention.
     */
    Optional<StoredMessage> readByPosition(long position);

    /** Records of {@code topic} carrying {@code key}, newest first, at most {@code maxResults}. */
    List<StoredMessage> lookupByKey(String topic, String key, int maxResults);

    /** Records of {@code topic} carrying {@code key} stored within [fromTimestamp, toTimestamp], newest first. */
    List<StoredMessage> lookupByKey(String topic, String key, long fromTimestamp, long toTimestamp, int maxResults);

    /** The oldest {@code maxResults} records of {@code topic} stored within [fromTimestamp, toTimestamp], oldest first. */
    List<StoredMessage> lookupByTime(String topic, long fromTimestamp, long toTimestamp, int maxResults);

    // ---------------------------------------------------------------------------------------------------------
    // Operations

    /** Registers a listener told whenever a record becomes readable through its consume queue. */
    void addArrivalListener(MessageArrivalListener listener);

    /**
     * Makes everything appended so far durable, whatever the durability setting, and returns when it is.
     *
     * @throws StoreFailedException if the flush fails
     */
    void flush();

    /** Runs retention now (it also runs every housekeeping interval). @return segments deleted */
    int runRetention() throws IOException;

    /** Writes a checkpoint now (it also runs every checkpoint interval). */
    void checkpoint() throws IOException;

    /** The disk as last measured, and whether it refuses appends; for monitoring and for refused producers. */
    DiskStatus diskStatus();

    /** Measures the disk now (it is also measured every {@code diskCheckInterval}), applying what follows from it. */
    DiskStatus checkDisk() throws IOException;

    /** Positions of the log: for monitoring and tests. */
    StoreStatus status();

    /**
     * Flushes everything appended, writes a clean checkpoint and releases files, memory and threads. Appends
     * after this fail with {@link StoreClosedException}. Idempotent.
     */
    @Override
    void close() throws IOException;
}
