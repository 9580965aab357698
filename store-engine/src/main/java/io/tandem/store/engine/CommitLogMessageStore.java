package io.tandem.store.engine;

import io.tandem.store.AppendPriority;
import io.tandem.store.AppendRequest;
import io.tandem.store.AppendResult;
import io.tandem.store.DiskStatus;
import io.tandem.store.Durability;
import io.tandem.store.LogChunk;
import io.tandem.store.MessageArrivalListener;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;
import io.tandem.store.RecordDescriptor;
import io.tandem.store.StoreClosedException;
import io.tandem.store.StoreConfig;
import io.tandem.store.StoreCorruptedException;
import io.tandem.store.StoreException;
import io.tandem.store.StoreStatus;
import io.tandem.store.StoredMessage;
import io.tandem.store.TagFilter;
import io.tandem.store.index.ConsumeQueue;
import io.tandem.store.index.DispatchDuty;
import io.tandem.store.index.Indexes;
import io.tandem.store.io.IoEngine;
import io.tandem.store.log.CommitLog;
import io.tandem.store.log.EncodedBatch;
import io.tandem.store.log.FlushDuty;
import io.tandem.store.recovery.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@link MessageStore} on a commit log: opens the directory, recovers it, and wires the commit log, the
 * consume queues and key index, the checkpoint and the background duties (flush, dispatch, checkpoint,
 * retention, disk space) together. The contract, thread-safety and failure modes are those of
 * {@link MessageStore}.
 */
public final class CommitLogMessageStore implements MessageStore {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLogMessageStore.class);
    private static final int MAX_ENTRIES_SCANNED_PER_READ = 4096;

    private final StoreConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final IoEngine engine;
    private final Checkpoint checkpoint;
    private final CommitLog log;
    private final Indexes indexes;
    private final FlushDuty flushDuty;
    private final DispatchDuty dispatchDuty;
    private final CheckpointDuty checkpointDuty;
    private final RetentionDuty retentionDuty;
    private final DiskSpaceDuty diskSpaceDuty;
    private final ScheduledExecutorService housekeeping;
    private volatile boolean closed;

    private CommitLogMessageStore(StoreConfig config, FileChannel lockChannel, FileLock lock, IoEngine engine,
                         Checkpoint checkpoint, CommitLog log, Indexes indexes) {
        this.config = config;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.engine = engine;
        this.checkpoint = checkpoint;
        this.log = log;
        this.indexes = indexes;
        boolean sync = config.durability() == Durability.SYNC;
        this.dispatchDuty = new DispatchDuty(log, indexes, sync ? log::durablePosition : log::handedOffPosition, log.writePosition());
        this.flushDuty = new FlushDuty(log, config.durability(), config.flushInterval(), dispatchDuty::wakeUp);
        log.tailReader(dispatchDuty::dispatchedPosition, dispatchDuty::wakeUp);
        this.checkpointDuty = new CheckpointDuty(log, indexes, dispatchDuty, checkpoint);
        this.retentionDuty = new RetentionDuty(log, indexes, dispatchDuty, config.clock(), config.retention(), config.retentionBytes());
        this.diskSpaceDuty = new DiskSpaceDuty(config.directory(), config, log, dispatchDuty, retentionDuty);
        flushDuty.onOutOfSpace(diskSpaceDuty::flushOutOfSpace);
        dispatchDuty.onOutOfSpace(diskSpaceDuty::dispatchOutOfSpace);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tandem-store-housekeeping").daemon(true).factory());
    }

    /**
     * Opens (or creates) the store in {@code config.directory()}, recovering from an unclean stop: a torn tail
     * of the commit log is cut (and logged), derived data is verified, replayed, or rebuilt when damaged.
     *
     * @throws StoreCorruptedException if the commit log itself is damaged where it was known durable
     * @throws StoreException          if the directory is used by another store
     */
    public static MessageStore open(StoreConfig config) throws IOException {
        Path directory = config.directory();
        Files.createDirectories(directory);
        DirectoryLock directoryLock = DirectoryLock.acquire(directory, "is in use by another store");
        IoEngine engine = null;
        Checkpoint checkpoint = null;
        CommitLog log = null;
        try {
            engine = createEngine(config);
            checkpoint = Checkpoint.open(directory.resolve("checkpoint"));
            log = openLog(config, engine);
            Indexes indexes = recover(config, checkpoint, log);
            CommitLogMessageStore store = new CommitLogMessageStore(config, directoryLock.channel(), directoryLock.lock(),
                    engine, checkpoint, log, indexes);
            store.start();
            LOG.info("message store opened in {} ({} engine, {} durability, log {} to {})", directory, engine.name(),
                    config.durability(), log.minPosition(), log.writePosition());
            return store;
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(log, e);
            closeQuietly(checkpoint, e);
            closeQuietly(engine, e);
            closeQuietly(directoryLock, e);
            throw e;
        }
    }

    /**
     * Cuts the commit log of the closed store in {@code config.directory()} at {@code position} and discards
     * everything from there on, durably: the segment holding {@code position} is zeroed from it, later segments are
     * deleted, and the consume queues and key index forget the discarded records. The next {@link #open} finds the
     * log ending at {@code position}: each queue's max offset and every read reflect only the records before it,
     * and new appends continue from it (with the queue offsets that follow the kept records). A replica uses it to
     * drop the part of its log that diverged from its leader's.
     *
     * <p>The store is recovered first, as {@link #open} would. A crash during the cut leaves either the whole log
     * (the cut did not start) or a torn tail at {@code position} that the next open cuts again; running this again
     * completes it. Cutting at the log's end changes nothing.
     *
     * <p>Thread-safety: offline; the directory is locked against a store opening it meanwhile.
     *
     * @param position where a record starts (or the log's end), between the log's start and its end
     * @throws IllegalArgumentException naming the position and what lies there if it is negative, outside the log,
     *                                  inside a record or inside the filler that closes a segment; nothing changes
     * @throws StoreException           if the store is open (its directory is locked), or no store exists there
     * @throws StoreCorruptedException  if recovery finds the commit log damaged
     */
    public static void truncate(StoreConfig config, long position) throws IOException {
        Path directory = config.directory();
        if (position < 0) {
            throw new IllegalArgumentException("cannot truncate the commit log in " + directory + " at negative position "
                    + position);
        }
        if (!Files.isDirectory(directory)) {
            throw new StoreException("cannot truncate the commit log in " + directory + ": no store directory there");
        }
        DirectoryLock directoryLock = DirectoryLock.acquire(directory,
                "is open (locked by a running store); close the store before truncating its commit log");
        IoEngine engine = null;
        Checkpoint checkpoint = null;
        CommitLog log = null;
        Throwable failure = null;
        try {
            engine = createEngine(config);
            checkpoint = Checkpoint.open(directory.resolve("checkpoint"));
            log = openLog(config, engine);
            Indexes indexes = recover(config, checkpoint, log);
            long end = log.writePosition();
            log.checkRecordBoundary(position);
            if (position < end) {
                // Lowered first: should the cut be interrupted, recovery no longer counts the rest as durable.
                checkpoint.write(false, position, position, log.minPosition());
                log.truncateTo(position);
                indexes.truncateToLog(position);
                indexes.flush();
                LOG.warn("commit log in {} truncated at position {}: {} bytes of records up to {} discarded",
                        directory, position, end - position, end);
            }
            checkpoint.write(true, position, position, log.minPosition());
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            Throwable primary = failure != null ? failure : new IOException("closing the store in " + directory
                    + " after truncating its commit log failed");
            closeQuietly(log, primary);
            closeQuietly(checkpoint, primary);
            closeQuietly(engine, primary);
            closeQuietly(directoryLock, primary);
            if (failure == null && primary.getSuppressed().length > 0) {
                throw (IOException) primary;
            }
        }
    }

    private static IoEngine createEngine(StoreConfig config) throws IOException {
        return config.ioEngineFactory() != null ? config.ioEngineFactory().get()
                : IoEngines.create(config.ioEngine(), config.directory().resolve("commitlog"));
    }

    private static CommitLog openLog(StoreConfig config, IoEngine engine) throws IOException {
        return CommitLog.open(config.directory().resolve("commitlog"), config.segmentSize(), config.maxRecordSize(),
                config.tailCacheSize(), config.coldReadCacheSize(), engine, config.clock());
    }

    /** The store directory's lock file, held while a store (or an offline operation) uses the directory. */
    private record DirectoryLock(FileChannel channel, FileLock lock) implements AutoCloseable {

        static DirectoryLock acquire(Path directory, String inUse) throws IOException {
            FileChannel channel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw new StoreException("store directory " + directory + " " + inUse);
            }
            return new DirectoryLock(channel, lock);
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static Indexes recover(StoreConfig config, Checkpoint checkpoint, CommitLog log) throws IOException {
        Path directory = config.directory();
        Optional<Checkpoint.State> recovered = checkpoint.recovered();
        boolean rebuild = recovered.isEmpty();
        Checkpoint.State state = recovered.orElse(Checkpoint.State.EMPTY);
        if (rebuild) {
            LOG.warn("checkpoint {} is damaged: verifying the whole commit log and rebuilding consume queues and index",
                    checkpoint.path());
        }
        long logStart = log.minPosition();
        if (state.durablePosition() > logStart && !log.hasSegments()) {
            throw new StoreCorruptedException(log.directory(), 0, "the checkpoint says the log is durable up to "
                    + state.durablePosition() + " but no commit log segment exists");
        }
        long scanFrom = rebuild ? logStart : Math.max(logStart, Math.min(state.durablePosition(), state.dispatchedPosition()));
        long end = log.recoverEnd(scanFrom, rebuild ? 0 : state.durablePosition(), !rebuild && state.clean());

        Indexes indexes = null;
        if (!rebuild) {
            try {
                indexes = Indexes.open(directory, config.consumeQueueFileEntries(), config.indexSlots(), config.indexFileEntries());
                indexes.truncateToLog(end);
                replay(log, indexes, Math.max(logStart, Math.min(state.dispatchedPosition(), end)), end);
            } catch (StoreCorruptedException e) {
                if (e.file().startsWith(log.directory())) {
                    throw e;
                }
                LOG.warn("derived data is damaged ({}): rebuilding consume queues and index from the commit log", e.getMessage());
                indexes = null;
            }
        }
        if (indexes == null) {
            Indexes.deleteAll(directory);
            indexes = Indexes.open(directory, config.consumeQueueFileEntries(), config.indexSlots(), config.indexFileEntries());
            replay(log, indexes, logStart, end);
        }
        indexes.applyLogMin(logStart);
        long lastTimestamp = 0;
        ConsumeQueue.Entry entry = new ConsumeQueue.Entry();
        for (ConsumeQueue queue : indexes.allQueues()) {
            log.setNextQueueOffset(queue.topic(), queue.queueId(), queue.maxOffset());
            if (queue.read(queue.maxOffset() - 1, entry)) {
                lastTimestamp = Math.max(lastTimestamp, entry.storeTimestamp);
            }
        }
        log.setLastStoreTimestamp(lastTimestamp);
        indexes.flush();
        checkpoint.write(false, end, end, log.minPosition());
        return indexes;
    }

    private static void replay(CommitLog log, Indexes indexes, long from, long to) throws IOException {
        if (from >= to) {
            return;
        }
        LOG.info("replaying commit log {} to {} into consume queues and index", from, to);
        try (Arena arena = Arena.ofConfined()) {
            log.forEachRecord(from, to, arena.allocate(log.maxRecordSize()), indexes::dispatch);
        }
    }

    private void start() {
        flushDuty.start();
        dispatchDuty.start();
        checkDiskSpace();
        long diskCheckMs = config.diskCheckInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(this::checkDiskSpace, diskCheckMs, diskCheckMs, TimeUnit.MILLISECONDS);
        long checkpointMs = config.checkpointInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                checkpointDuty.run(false);
            } catch (IOException | RuntimeException e) {
                LOG.error("checkpoint failed", e);
            }
        }, checkpointMs, checkpointMs, TimeUnit.MILLISECONDS);
        long housekeepingMs = config.housekeepingInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                retentionDuty.run();
            } catch (IOException | RuntimeException e) {
                LOG.error("retention failed", e);
            }
        }, housekeepingMs, housekeepingMs, TimeUnit.MILLISECONDS);
    }

    private void checkDiskSpace() {
        try {
            diskSpaceDuty.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("disk space check of {} failed", config.directory(), e);
        }
    }

    @Override
    public StoreConfig config() {
        return config;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Appending

    @Override
    public CompletableFuture<AppendResult> append(AppendRequest request) {
        return append(request, AppendPriority.NEW);
    }

    @Override
    public CompletableFuture<AppendResult> append(AppendRequest request, AppendPriority priority) {
        return appendAll(List.of(request), priority).thenApply(results -> results.getFirst());
    }

    @Override
    public CompletableFuture<List<AppendResult>> appendBatch(List<AppendRequest> requests) {
        return appendBatch(requests, AppendPriority.NEW);
    }

    @Override
    public CompletableFuture<List<AppendResult>> appendBatch(List<AppendRequest> requests, AppendPriority priority) {
        if (requests.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a batch needs at least one record"));
        }
        return appendAll(requests, priority);
    }

    private CompletableFuture<List<AppendResult>> appendAll(List<AppendRequest> requests, AppendPriority priority) {
        try {
            checkOpen();
            // A store that failed for another reason says so (the log throws StoreFailedException), not "disk full".
            if (!diskSpaceDuty.admits(priority) && log.failure() == null) {
                return CompletableFuture.completedFuture(Collections.nCopies(requests.size(), AppendResult.DISK_FULL));
            }
            EncodedBatch batch = EncodedBatch.forCurrentThread();
            batch.addAll(requests, config.maxRecordSize());
            CompletableFuture<AppendResult[]> acknowledged = new CompletableFuture<>();
            log.append(batch, config.durability(), acknowledged);
            flushDuty.wakeUp();
            return acknowledged.thenApply(Arrays::asList);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Replication

    @Override
    public long replicablePosition() {
        return config.durability() == Durability.SYNC ? log.durablePosition() : log.handedOffPosition();
    }

    @Override
    public LogChunk readChunk(long from, int maxLength, MemorySegment target) {
        checkOpen();
        return log.readChunk(from, replicablePosition(), maxLength, target);
    }

    @Override
    public CompletableFuture<Long> appendChunk(LogChunk chunk, MemorySegment bytes) {
        try {
            checkOpen();
            CompletableFuture<AppendResult[]> acknowledged = new CompletableFuture<>();
            log.appendChunk(chunk, bytes, config.durability(), acknowledged);
            flushDuty.wakeUp();
            return acknowledged.thenApply(ignored -> chunk.end());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    @Override
    public ReadResult read(String topic, int queueId, long offset, int maxCount, long maxBytes) {
        return read(topic, queueId, offset, maxCount, maxBytes, TagFilter.ALL);
    }

    @Override
    public ReadResult read(String topic, int queueId, long offset, int maxCount, long maxBytes, TagFilter filter) {
        checkOpen();
        if (maxCount <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("maxCount and maxBytes must be positive, were " + maxCount + " and " + maxBytes);
        }
        ConsumeQueue queue = indexes.queue(topic, queueId);
        if (queue == null) {
            return new ReadResult(ReadStatus.NO_MESSAGE_IN_QUEUE, List.of(), 0, 0, 0);
        }
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (offset < min) {
            return new ReadResult(ReadStatus.OFFSET_MOVED, List.of(), min, min, max);
        }
        if (offset == max) {
            return new ReadResult(ReadStatus.NO_NEW_MESSAGE, List.of(), offset, min, max);
        }
        if (offset > max) {
            return new ReadResult(ReadStatus.OFFSET_OVERFLOW, List.of(), max, min, max);
        }
        long[] positions = new long[Math.min(maxCount, 1024)];
        int[] sizes = new int[positions.length];
        int count = 0;
        long bytes = 0;
        long next = offset;
        ConsumeQueue.Entry entry = new ConsumeQueue.Entry();
        long scanLimit = Math.min(max, offset + Math.max(MAX_ENTRIES_SCANNED_PER_READ, maxCount));
        while (next < scanLimit && count < maxCount) {
            if (!queue.read(next, entry)) {
                break;
            }
            if (entry.position < log.minPosition()) {
                next++;
                continue;
            }
            if (filter.accept(entry.tagHash)) {
                if (count > 0 && bytes + entry.size > maxBytes) {
                    break;
                }
                if (count == positions.length) {
                    positions = Arrays.copyOf(positions, Math.min(maxCount, count * 2));
                    sizes = Arrays.copyOf(sizes, positions.length);
                }
                positions[count] = entry.position;
                sizes[count] = entry.size;
                count++;
                bytes += entry.size;
            }
            next++;
        }
        if (count == 0) {
            if (next < queue.minOffset()) {
                return new ReadResult(ReadStatus.OFFSET_MOVED, List.of(), queue.minOffset(), queue.minOffset(), max);
            }
            return new ReadResult(ReadStatus.NO_MATCHED_MESSAGE, List.of(), next, min, max);
        }
        MemorySegment data = MemorySegment.ofArray(new byte[Math.toIntExact(bytes)]);
        List<StoredMessage> messages = new ArrayList<>(count);
        long at = 0;
        for (int i = 0; i < count; i++) {
            MemorySegment slice = data.asSlice(at, sizes[i]);
            try {
                log.readRecord(positions[i], sizes[i], slice);
            } catch (StoreCorruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                if (positions[i] >= log.minPosition()) {
                    throw e;
                }
                // Retention deleted the segment while we read: the reader continues from the new minimum.
                long newMin = queue.minOffset();
                return new ReadResult(ReadStatus.OFFSET_MOVED, List.of(), newMin, newMin, queue.maxOffset());
            }
            messages.add(new StoredMessage(slice));
            at += sizes[i];
        }
        return new ReadResult(ReadStatus.FOUND, messages, next, min, max);
    }

    @Override
    public long minOffset(String topic, int queueId) {
        checkOpen();
        ConsumeQueue queue = indexes.queue(topic, queueId);
        return queue == null ? 0 : queue.minOffset();
    }

    @Override
    public long maxOffset(String topic, int queueId) {
        checkOpen();
        ConsumeQueue queue = indexes.queue(topic, queueId);
        return queue == null ? 0 : queue.maxOffset();
    }

    @Override
    public long offsetForTime(String topic, int queueId, long timestamp) {
        checkOpen();
        ConsumeQueue queue = indexes.queue(topic, queueId);
        return queue == null ? 0 : queue.offsetForTime(timestamp);
    }

    @Override
    public Set<String> topics() {
        checkOpen();
        return indexes.topics();
    }

    @Override
    public Optional<StoredMessage> readByPosition(long position) {
        checkOpen();
        long readable = config.durability() == Durability.SYNC ? log.durablePosition() : log.handedOffPosition();
        if (position < log.minPosition() || position >= readable) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(RecordDescriptor.HEADER_LENGTH);
            int length = log.recordLengthAt(position, header);
            if (length < 0) {
                return Optional.empty();
            }
            MemorySegment record = MemorySegment.ofArray(new byte[length]);
            log.readRecord(position, length, record);
            return Optional.of(new StoredMessage(record));
        }
    }

    @Override
    public List<StoredMessage> lookupByKey(String topic, String key, int maxResults) {
        return lookupByKey(topic, key, Long.MIN_VALUE, Long.MAX_VALUE, maxResults);
    }

    @Override
    public List<StoredMessage> lookupByKey(String topic, String key, long fromTimestamp, long toTimestamp, int maxResults) {
        checkOpen();
        Set<Long> positions = new LinkedHashSet<>();
        List<StoredMessage> found = new ArrayList<>();
        indexes.findByKey(topic, key, fromTimestamp, toTimestamp, position -> {
            if (positions.add(position)) {
                readByPosition(position)
                        .filter(message -> message.topic().equals(topic) && message.keys().contains(key))
                        .ifPresent(found::add);
            }
            return found.size() < maxResults;
        });
        return found;
    }

    @Override
    public List<StoredMessage> lookupByTime(String topic, long fromTimestamp, long toTimestamp, int maxResults) {
        checkOpen();
        List<StoredMessage> found = new ArrayList<>();
        for (ConsumeQueue queue : indexes.queues(topic)) {
            long offset = queue.offsetForTime(fromTimestamp);
            int fromThisQueue = 0;
            while (fromThisQueue < maxResults) {
                ReadResult result = read(topic, queue.queueId(), offset, Math.min(64, maxResults - fromThisQueue), 4 << 20);
                if (result.status() != ReadStatus.FOUND) {
                    break;
                }
                boolean past = false;
                for (StoredMessage message : result.messages()) {
                    if (message.storeTimestamp() > toTimestamp) {
                        past = true;
                        break;
                    }
                    found.add(message);
                    fromThisQueue++;
                }
                if (past) {
                    break;
                }
                offset = result.nextOffset();
            }
        }
        found.sort((a, b) -> Long.compare(a.storeTimestamp(), b.storeTimestamp()));
        return found.size() > maxResults ? List.copyOf(found.subList(0, maxResults)) : found;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Operations

    @Override
    public void addArrivalListener(MessageArrivalListener listener) {
        dispatchDuty.addListener(listener);
    }

    @Override
    public void flush() {
        checkOpen();
        CompletableFuture<AppendResult[]> durable = new CompletableFuture<>();
        log.awaitDurable(durable);
        flushDuty.wakeUp();
        try {
            durable.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    @Override
    public int runRetention() throws IOException {
        checkOpen();
        return retentionDuty.run();
    }

    @Override
    public void checkpoint() throws IOException {
        checkOpen();
        checkpointDuty.run(false);
    }

    @Override
    public DiskStatus diskStatus() {
        return diskSpaceDuty.status();
    }

    @Override
    public DiskStatus checkDisk() throws IOException {
        checkOpen();
        diskSpaceDuty.run();
        return diskSpaceDuty.status();
    }

    @Override
    public StoreStatus status() {
        return new StoreStatus(log.minPosition(), log.writePosition(), log.durablePosition(),
                dispatchDuty.dispatchedPosition(), engine.name(), log.failure() != null || dispatchDuty.failure() != null);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // No interrupts: an interrupted FileChannel operation closes the channel under the checkpoint or a segment.
        housekeeping.shutdown();
        try {
            housekeeping.awaitTermination(10, TimeUnit.SECONDS);
            log.markClosed();
            flushDuty.stop();
            dispatchDuty.stop();
            if (log.failure() == null && dispatchDuty.failure() == null) {
                checkpointDuty.run(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the store in " + config.directory(), e);
        } finally {
            try {
                log.close();
                engine.close();
                checkpoint.close();
            } finally {
                lock.release();
                lockChannel.close();
            }
        }
        LOG.info("message store in {} closed at position {}", config.directory(), log.writePosition());
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreClosedException("the message store in " + config.directory() + " is closed");
        }
    }

    private static void closeQuietly(AutoCloseable closeable, Throwable primary) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }

}
