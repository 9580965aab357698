package io.tandem.store.log;

import io.tandem.store.AppendResult;
import io.tandem.store.Durability;
import io.tandem.store.LogChunk;
import io.tandem.store.RecordDescriptor;
import io.tandem.store.StoreClosedException;
import io.tandem.store.StoreCorruptedException;
import io.tandem.store.StoreException;
import io.tandem.store.StoreFailedException;
import io.tandem.store.io.Fsync;
import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The commit log: a sequence of fixed-size segment files holding records back to back, addressed by a global
 * byte position. Segment {@code n} holds positions {@code [n * segmentSize, (n + 1) * segmentSize)} and is named
 * by its base position.
 *
 * <p>Appends are serialized by one lock: the record gets its position, queue offset and store timestamp, is
 * sealed with its CRC and copied into the {@link TailCache}. The {@link FlushDuty} hands ring bytes to the files
 * and makes them durable. Reads are lock-free: from the ring when the bytes are still there, else from the file.
 *
 * <p>Design note: positions are published in four steps, each volatile: {@link #writePosition()} (in memory),
 * {@link #fileWrittenPosition()} (handed to the files), {@link #handedOffPosition()} (out of the process: in the
 * kernel or on the device, see {@link IoFile#handOff()}), {@link #durablePosition()} (synced). The ring never
 * overwrites bytes above the file-written position, so every byte a reader wants is in the ring or in the file;
 * a record may be split between them, since the file-written position can stop inside a record. An append waits
 * for the handed-off position ({@link Durability#ASYNC}) or the durable one ({@link Durability#SYNC}): each has its
 * own queue of waiters, completed in order by the flush duty as the position passes them.
 */
public final class CommitLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLog.class);
    /** Largest single file write of the flusher; ring space is released after each. */
    private static final long WRITE_CHUNK = 1 << 20;

    private final Path directory;
    private final long segmentSize;
    private final int maxRecordSize;
    private final IoEngine engine;
    private final Clock clock;
    private final TailCache tail;
    private final ColdReadCache coldReads;
    private final ConcurrentSkipListMap<Long, IoFile> segments = new ConcurrentSkipListMap<>();
    /** Base position of a closed segment → end of its data (after the filler header or at the gap). */
    private final ConcurrentHashMap<Long, Long> sealedEnds = new ConcurrentHashMap<>();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private final Map<String, long[]> nextQueueOffsets = new HashMap<>();
    private final ConcurrentLinkedQueue<PendingFlush> pendingFlushes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PendingFlush> pendingHandOffs = new ConcurrentLinkedQueue<>();

    private volatile long writePosition;
    private volatile long fileWrittenPosition;
    private volatile long handedOffPosition;
    private volatile long durablePosition;
    private volatile long minPosition;
    private volatile Throwable failure;
    private volatile boolean closed;
    private long lastStoreTimestamp;
    /** Base of the oldest segment found shorter than a segment at open; recovery verifies from there. */
    private long lowestRepairedBase = Long.MAX_VALUE;
    private Runnable flushWakeup = () -> { };
    private LongSupplier readerPosition = () -> Long.MAX_VALUE;
    private Runnable readerWakeup = () -> { };

    private CommitLog(Path directory, long segmentSize, int maxRecordSize, long tailCacheSize, long coldReadCacheSize,
                      IoEngine engine, Clock clock) {
        this.coldReads = new ColdReadCache(coldReadCacheSize);
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.maxRecordSize = maxRecordSize;
        this.engine = engine;
        this.clock = clock;
        this.tail = new TailCache(tailCacheSize, 0);
    }

    /**
     * Opens the segment files found in {@code directory}; the log's end is not known until {@link #recoverEnd}.
     */
    public static CommitLog open(Path directory, long segmentSize, int maxRecordSize, long tailCacheSize,
                                 long coldReadCacheSize, IoEngine engine, Clock clock) throws IOException {
        Files.createDirectories(directory);
        CommitLog log = new CommitLog(directory, segmentSize, maxRecordSize, tailCacheSize, coldReadCacheSize, engine, clock);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.matches("\\d{20}")) {
                    continue;
                }
                long base = Long.parseLong(name);
                if (base % segmentSize != 0) {
                    throw new StoreCorruptedException(file, 0, "segment name is not a multiple of the segment size "
                            + segmentSize + " (was the store created with another segment size?)");
                }
                long size = Files.size(file);
                if (size > segmentSize) {
                    throw new StoreCorruptedException(file, size, "segment file is " + size + " bytes, expected "
                            + segmentSize + " (was the store created with another segment size?)");
                }
                if (size < segmentSize) {
                    // A crash while the file was being created or truncated: the missing part reads as zeros,
                    // and recovery decides whether that loses anything that was durable.
                    LOG.warn("commit log segment {} is {} bytes, extending it to {} (interrupted creation or truncation)",
                            file, size, segmentSize);
                    log.lowestRepairedBase = Math.min(log.lowestRepairedBase, base);
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.write(ByteBuffer.allocate(1), segmentSize - 1);
                        channel.force(true);
                    }
                }
                log.segments.put(base, engine.open(file, segmentSize));
            }
        } catch (IOException | RuntimeException e) {
            log.closeFiles();
            throw e;
        }
        if (!log.segments.isEmpty()) {
            log.minPosition = log.segments.firstKey();
        }
        return log;
    }

    public long segmentSize() {
        return segmentSize;
    }

    public int maxRecordSize() {
        return maxRecordSize;
    }

    public long writePosition() {
        return writePosition;
    }

    public long fileWrittenPosition() {
        return fileWrittenPosition;
    }

    /**
     * Everything before it has left the process: a process crash cannot lose it, an OS crash or power loss can.
     * Always the end of a record (or of a segment), like the durable position, so readers may stop there.
     */
    public long handedOffPosition() {
        return handedOffPosition;
    }

    public long durablePosition() {
        return durablePosition;
    }

    /** The first position still kept (retention deletes whole segments before it). */
    public long minPosition() {
        return minPosition;
    }

    public Path directory() {
        return directory;
    }

    void onFlushNeeded(Runnable wakeup) {
        this.flushWakeup = wakeup;
    }

    /**
     * Registers the reader that tails the log (the dispatcher): ring bytes it has not passed are not overwritten.
     * Set before the first append.
     */
    public void tailReader(LongSupplier position, Runnable wakeup) {
        this.readerPosition = position;
        this.readerWakeup = wakeup;
    }

    /** Tells appenders waiting for ring space that the tail reader moved on. */
    public void readerProgressed() {
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Appending

    /**
     * Appends records already encoded by {@link RecordCodec#encode} into {@code batch}, sealing each with its
     * place in the log, and completes {@code acknowledgement} (unless null) with the results once the records are
     * handed off ({@link Durability#ASYNC}) or durable ({@link Durability#SYNC}); the flush duty must be woken
     * after this returns. Thread-safe.
     *
     * @throws StoreFailedException  if a flush failed before
     * @throws StoreClosedException  if the log is closed
     */
    public AppendResult[] append(EncodedBatch batch, Durability acknowledgeAt,
                                 CompletableFuture<AppendResult[]> acknowledgement) {
        appendLock.lock();
        try {
            checkWritable();
            AppendResult[] results = new AppendResult[batch.count()];
            long storeTimestamp = Math.max(clock.millis(), lastStoreTimestamp);
            lastStoreTimestamp = storeTimestamp;
            long position = writePosition;
            for (int i = 0; i < batch.count(); i++) {
                int length = batch.length(i);
                position = positionFor(position, length);
                long[] queueOffsets = nextQueueOffsets.computeIfAbsent(batch.topic(i), t -> new long[8]);
                int queueId = batch.queueId(i);
                if (queueId >= queueOffsets.length) {
                    long[] grown = Arrays.copyOf(queueOffsets, Math.max(queueId + 1, queueOffsets.length * 2));
                    nextQueueOffsets.put(batch.topic(i), grown);
                    queueOffsets = grown;
                }
                long queueOffset = queueOffsets[queueId];
                MemorySegment record = batch.record(i);
                RecordCodec.seal(record, position, queueOffset, storeTimestamp);
                awaitRingSpace(position + length);
                tail.put(position, record, 0, length);
                queueOffsets[queueId] = queueOffset + 1;
                results[i] = new AppendResult(position, length, queueOffset, storeTimestamp);
                position += length;
                writePosition = position;
            }
            if (acknowledgement != null) {
                (acknowledgeAt == Durability.SYNC ? pendingFlushes : pendingHandOffs)
                        .add(new PendingFlush(position, acknowledgement, results));
                Throwable cause = failure;
                if (cause != null) {
                    // The flusher failed after our check and may already have drained the waiting list.
                    failPending(cause);
                }
            }
            return results;
        } finally {
            appendLock.unlock();
        }
    }

    private record PendingFlush(long end, CompletableFuture<AppendResult[]> future, AppendResult[] value) {
    }

    /**
     * Appends a chunk copied from another log (see {@link #readChunk}) at the same positions: a replica's log stays a
     * byte-for-byte copy of its leader's. The chunk must start at this log's end; every record in it is verified (CRC
     * and position) before anything is written, and the queue offsets and store timestamp carry on from it, so the
     * log could take new appends afterwards. {@code acknowledgement} (unless null) completes with an empty array once
     * the chunk is handed off or durable, as for {@link #append}. Thread-safe; the flush duty must be woken after.
     *
     * @throws IllegalArgumentException naming the position and what was wrong if the chunk does not fit this log
     * @throws StoreFailedException     if a flush failed before
     * @throws StoreClosedException     if the log is closed
     */
    public void appendChunk(LogChunk chunk, MemorySegment bytes, Durability acknowledgeAt,
                            CompletableFuture<AppendResult[]> acknowledgement) {
        if (bytes.byteSize() < chunk.length()) {
            throw new IllegalArgumentException("chunk at " + chunk.position() + " announces " + chunk.length()
                    + " bytes but carries " + bytes.byteSize());
        }
        appendLock.lock();
        try {
            checkWritable();
            long position = chunk.position();
            if (position != writePosition) {
                throw new IllegalArgumentException("chunk starts at position " + position + " but the log ends at "
                        + writePosition);
            }
            long base = position - position % segmentSize;
            long segmentEnd = base + segmentSize;
            long dataEnd = position + chunk.length();
            if (chunk.end() > segmentEnd) {
                throw new IllegalArgumentException("chunk at " + position + " ends at " + chunk.end()
                        + ", past the end of its segment at " + segmentEnd);
            }
            // Verify everything first: a bad chunk changes nothing.
            boolean fillerLast = false;
            long at = position;
            while (at < dataEnd) {
                MemorySegment rest = bytes.asSlice(at - position, dataEnd - at);
                if (rest.byteSize() >= RecordDescriptor.FILLER_LENGTH
                        && RecordCodec.magic(rest) == RecordDescriptor.FILLER_MAGIC) {
                    String problem = RecordCodec.check(rest.asSlice(0, RecordDescriptor.FILLER_LENGTH), at);
                    if (problem != null || at + RecordDescriptor.FILLER_LENGTH != dataEnd || chunk.end() != segmentEnd) {
                        throw new IllegalArgumentException("chunk at " + position + ": bad filler at " + at
                                + (problem != null ? ": " + problem : " (a filler must close the chunk and its segment)"));
                    }
                    fillerLast = true;
                    break;
                }
                if (rest.byteSize() < RecordDescriptor.HEADER_LENGTH) {
                    throw new IllegalArgumentException("chunk at " + position + ": " + rest.byteSize()
                            + " bytes at " + at + " are too short for a record");
                }
                int length = RecordCodec.length(rest);
                String problem = length > rest.byteSize() || length > maxRecordSize ? "bad record length " + length
                        : RecordCodec.check(rest.asSlice(0, length), at);
                if (problem != null) {
                    throw new IllegalArgumentException("chunk at " + position + ": record at " + at + ": " + problem);
                }
                at += length;
            }
            if (chunk.end() > dataEnd && !fillerLast
                    && (chunk.end() != segmentEnd || segmentEnd - dataEnd >= RecordDescriptor.FILLER_LENGTH)) {
                throw new IllegalArgumentException("chunk at " + position + " skips from " + dataEnd + " to "
                        + chunk.end() + " without a filler closing the segment");
            }
            at = position;
            while (at < dataEnd) {
                MemorySegment record = bytes.asSlice(at - position, dataEnd - at);
                if (fillerLast && at + RecordDescriptor.FILLER_LENGTH == dataEnd) {
                    awaitRingSpace(dataEnd);
                    tail.put(at, record, 0, RecordDescriptor.FILLER_LENGTH);
                    sealedEnds.put(base, dataEnd);
                    at = dataEnd;
                    break;
                }
                int length = RecordCodec.length(record);
                String topic = new String(record.asSlice(RecordDescriptor.HEADER_LENGTH,
                        Short.toUnsignedInt(record.get(RecordCodec.SHORT, RecordDescriptor.TOPIC_LENGTH_OFFSET)))
                        .toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                int queueId = record.get(RecordCodec.INT, RecordDescriptor.QUEUE_ID_OFFSET);
                long queueOffset = record.get(RecordCodec.LONG, RecordDescriptor.QUEUE_OFFSET_OFFSET);
                awaitRingSpace(at + length);
                tail.put(at, record, 0, length);
                long[] queueOffsets = nextQueueOffsets.computeIfAbsent(topic, t -> new long[Math.max(8, queueId + 1)]);
                if (queueId >= queueOffsets.length) {
                    queueOffsets = Arrays.copyOf(queueOffsets, Math.max(queueId + 1, queueOffsets.length * 2));
                    nextQueueOffsets.put(topic, queueOffsets);
                }
                queueOffsets[queueId] = Math.max(queueOffsets[queueId], queueOffset + 1);
                lastStoreTimestamp = Math.max(lastStoreTimestamp,
                        record.get(RecordCodec.LONG, RecordDescriptor.STORE_TIMESTAMP_OFFSET));
                at += length;
                writePosition = at;
            }
            if (chunk.end() > dataEnd && !fillerLast) {
                awaitRingSpace(segmentEnd);
                tail.zero(dataEnd, segmentEnd - dataEnd);
                sealedEnds.put(base, segmentEnd);
            }
            writePosition = chunk.end();
            if (acknowledgement != null) {
                (acknowledgeAt == Durability.SYNC ? pendingFlushes : pendingHandOffs)
                        .add(new PendingFlush(chunk.end(), acknowledgement, new AppendResult[0]));
                Throwable cause = failure;
                if (cause != null) {
                    failPending(cause);
                }
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** Completes {@code future} once everything appended so far is durable. */
    public void awaitDurable(CompletableFuture<AppendResult[]> future) {
        appendLock.lock();
        try {
            checkWritable();
            pendingFlushes.add(new PendingFlush(writePosition, future, new AppendResult[0]));
        } finally {
            appendLock.unlock();
        }
    }

    /** Where a record of {@code length} bytes goes if the log is at {@code position}: rolls to a new segment. */
    private long positionFor(long position, int length) {
        long segmentEnd = (position / segmentSize + 1) * segmentSize;
        long remaining = segmentEnd - position;
        if (length <= remaining) {
            return position;
        }
        if (remaining >= RecordDescriptor.FILLER_LENGTH) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment filler = arena.allocate(RecordDescriptor.FILLER_LENGTH);
                RecordCodec.writeFiller(filler, position, (int) remaining);
                awaitRingSpace(position + RecordDescriptor.FILLER_LENGTH);
                tail.put(position, filler, 0, RecordDescriptor.FILLER_LENGTH);
            }
            sealedEnds.put(segmentEnd - segmentSize, position + RecordDescriptor.FILLER_LENGTH);
        } else {
            awaitRingSpace(segmentEnd);
            tail.zero(position, remaining);
            sealedEnds.put(segmentEnd - segmentSize, segmentEnd);
        }
        writePosition = segmentEnd;
        return segmentEnd;
    }

    /**
     * Back-pressure: waits until writing up to {@code end} overwrites only ring bytes that are already in the files
     * and already dispatched, so neither the flusher nor the dispatcher ever has to read back from the disk.
     */
    private void awaitRingSpace(long end) {
        long needed = end - tail.capacity();
        if (needed <= fileWrittenPosition && needed <= readerPosition.getAsLong()) {
            return;
        }
        progressLock.lock();
        try {
            while (needed > fileWrittenPosition || needed > readerPosition.getAsLong()) {
                checkWritable();
                flushWakeup.run();
                readerWakeup.run();
                progressed.awaitNanos(1_000_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the flusher to free tail cache space", e);
        } finally {
            progressLock.unlock();
        }
    }

    private void checkWritable() {
        Throwable cause = failure;
        if (cause != null) {
            throw new StoreFailedException("the store failed and accepts no more appends: " + cause.getMessage(), cause);
        }
        if (closed) {
            throw new StoreClosedException("the commit log in " + directory + " is closed");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Flushing (called by the FlushDuty thread only)

    /** Hands ring bytes up to {@code target} to the segment files. */
    void writeToFiles(long target) throws IOException {
        long from = fileWrittenPosition;
        while (from < target) {
            long base = from - from % segmentSize;
            Long sealedEnd = sealedEnds.get(base);
            long to = Math.min(target, sealedEnd != null ? sealedEnd : base + segmentSize);
            IoFile file = segmentFile(base);
            for (long position = from; position < to; ) {
                long chunk = Math.min(Math.min(to - position, tail.contiguousFrom(position)), WRITE_CHUNK);
                file.write(position - base, tail.slice(position, chunk));
                position += chunk;
                if (position < to) {
                    // Free ring space as we go: back-pressured appenders need not wait for the whole pass.
                    publishFileWritten(position);
                }
            }
            // The writer moves its position to the next segment in the same step as it seals this one, so a
            // target that reaches the sealed end always reaches the next segment too.
            from = sealedEnd != null && to == sealedEnd ? base + segmentSize : to;
            publishFileWritten(from);
        }
    }

    /**
     * Hands what the files were given up to the file-written position over to the operating system (a no-op for
     * engines that write into the page cache), and publishes it as the handed-off position.
     */
    void handOff() throws IOException {
        long from = handedOffPosition;
        long to = fileWrittenPosition;
        if (to <= from) {
            return;
        }
        for (IoFile file : segments.subMap(from - from % segmentSize, true, to, false).values()) {
            file.handOff();
        }
        handedOffPosition = to;
    }

    /** Completes the waiting appends whose records are now durable. */
    void completeDurable(long durable) {
        complete(pendingFlushes, durable);
    }

    /** Completes the waiting ASYNC appends whose records are now handed off. */
    void completeHandedOff(long handedOff) {
        complete(pendingHandOffs, handedOff);
    }

    private static void complete(ConcurrentLinkedQueue<PendingFlush> waiting, long reached) {
        PendingFlush pending;
        while ((pending = waiting.peek()) != null && pending.end() <= reached) {
            waiting.poll();
            pending.future().complete(pending.value());
        }
    }

    /** Fails every waiting append because of {@code flushFailure}. */
    void failPending(Throwable flushFailure) {
        PendingFlush pending;
        while ((pending = pendingHandOffs.poll()) != null) {
            pending.future().completeExceptionally(new StoreFailedException(
                    "flush failed; the append did not reach the file: " + flushFailure.getMessage(), flushFailure));
        }
        while ((pending = pendingFlushes.poll()) != null) {
            pending.future().completeExceptionally(new StoreFailedException(
                    "flush failed; the append was not made durable: " + flushFailure.getMessage(), flushFailure));
        }
    }

    boolean hasPendingFlushes() {
        return !pendingFlushes.isEmpty();
    }

    boolean hasPendingHandOffs() {
        return !pendingHandOffs.isEmpty();
    }

    private void publishFileWritten(long position) {
        fileWrittenPosition = position;
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    /** Makes every segment from {@code from} up to {@code to} durable. */
    void force(long from, long to) throws IOException {
        if (to <= from) {
            return;
        }
        long firstBase = from - from % segmentSize;
        for (IoFile file : segments.subMap(firstBase, true, to, false).values()) {
            file.force();
        }
        // A segment whose last byte is exactly 'to' - 1 is covered by the submap; 'to' itself may be a new base.
        handedOffPosition = Math.max(handedOffPosition, to);
        durablePosition = to;
        for (Long base : sealedEnds.keySet()) {
            if (base + segmentSize <= to) {
                sealedEnds.remove(base);
            }
        }
    }

    /**
     * After the file system ran out of space in a flush pass (a write, the creation of a segment or a sync failed
     * for want of space): makes the next pass write everything after the durable position again, into freshly
     * opened segment files, so that nothing depends on what the failed operation left behind (a failed fdatasync
     * may have dropped dirty pages; an engine may refuse a file after a failed write). Flush thread only.
     *
     * <p>Possible only while the tail cache still holds every byte after the durable position. Appenders take ring
     * space only below the file-written position, so the check and the rewind hold the append lock; an appender
     * holding it longer than {@code lockTimeoutNs} is waiting for ring space that only the flusher can free.
     *
     * @return false if the tail cache no longer holds those bytes, or the append lock could not be had: the
     *         failure is then final
     */
    boolean rewindAfterOutOfSpace(long lockTimeoutNs) throws IOException {
        try {
            if (!appendLock.tryLock(lockTimeoutNs, TimeUnit.NANOSECONDS)) {
                LOG.error("commit log in {}: cannot redo the writes after position {} (an append waiting for tail "
                        + "cache space holds the log)", directory, durablePosition);
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            long durable = durablePosition;
            if (tail.validFrom() > durable) {
                LOG.error("commit log in {}: cannot redo the writes after position {}: the tail cache holds only "
                        + "positions from {} on", directory, durable, tail.validFrom());
                return false;
            }
            for (Map.Entry<Long, IoFile> segment : segments.tailMap(durable - durable % segmentSize, true).entrySet()) {
                IoFile failed = segment.getValue();
                segments.put(segment.getKey(), engine.open(failed.path(), segmentSize));
                try {
                    failed.close();
                } catch (IOException e) {
                    LOG.debug("closing {} after running out of space: {}", failed.path(), e.getMessage());
                }
            }
            coldReads.forgetFrom(durable);
            fileWrittenPosition = durable;
            return true;
        } finally {
            appendLock.unlock();
        }
    }

    public void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
            LOG.error("commit log in {} failed; no further appends are accepted and nothing after position {} "
                    + "is acknowledged as durable", directory, durablePosition, cause);
        }
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    public Throwable failure() {
        return failure;
    }

    private IoFile segmentFile(long base) throws IOException {
        IoFile file = segments.get(base);
        if (file == null) {
            file = engine.open(directory.resolve(segmentName(base)), segmentSize);
            segments.put(base, file);
        }
        return file;
    }

    static String segmentName(long base) {
        return String.format("%020d", base);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    /**
     * Reads the record at {@code position} whose length the caller knows (from a consume queue entry), verifies
     * it and copies it into {@code target}.
     *
     * @throws StoreCorruptedException if the bytes there are not an intact record of that position
     */
    public void readRecord(long position, int length, MemorySegment target) {
        if (position < minPosition) {
            throw new StoreException("position " + position + " was deleted by retention; the log starts at " + minPosition);
        }
        if (position + length > writePosition) {
            throw new StoreException("read of " + length + " bytes at position " + position
                    + " is past the end of the log at " + writePosition);
        }
        readBytes(position, target, length);
        String problem = RecordCodec.check(target, position);
        if (problem == null && RecordCodec.length(target) != length) {
            problem = "record length " + RecordCodec.length(target) + " differs from the expected " + length;
        }
        if (problem != null) {
            throw corrupted(position, problem);
        }
    }

    /**
     * Raw bytes at {@code position}, from the ring, the cold read cache or the file.
     *
     * <p>A flush pass publishes its progress inside records (after each chunk it writes, at a ring wrap), and the
     * ring may then give up a record's first bytes while its last bytes are not in the file yet. So a read that
     * misses the ring takes from the file only what lies below the file-written position, and the rest from the ring
     * again. If the ring gave that up too meanwhile, the file-written position has passed it, and the read goes on
     * there.
     */
    void readBytes(long position, MemorySegment target, long length) {
        long done = 0;
        while (!tail.read(position + done, target, done, length - done)) {
            long fileWritten = fileWrittenPosition;
            long fileEnd = Math.min(position + length, fileWritten);
            readFile(position + done, target.asSlice(done, fileEnd - position - done), fileWritten);
            done = fileEnd - position;
            if (done == length) {
                return;
            }
        }
    }

    /** Fills {@code target} from the file at {@code position}; the caller keeps it below {@code fileWritten}. */
    private void readFile(long position, MemorySegment target, long fileWritten) {
        long base = position - position % segmentSize;
        IoFile file = segments.get(base);
        if (file == null) {
            throw new StoreException("no segment file holds position " + position);
        }
        try {
            if (coldReads.enabled()
                    && coldReads.read(file, base, segmentSize, position, target, target.byteSize(), fileWritten)) {
                return;
            }
            file.read(position - base, target);
        } catch (IOException e) {
            // The read fails, nothing else: the next read of these bytes tries the disk again.
            throw new StoreException("cannot read " + target.byteSize() + " bytes of " + file.path() + " at offset "
                    + (position - base) + " (log position " + position + "): " + e.getMessage(), e);
        }
    }

    StoreCorruptedException corrupted(long position, String problem) {
        long base = position - position % segmentSize;
        return new StoreCorruptedException(directory.resolve(segmentName(base)), position - base, problem);
    }

    /**
     * Visits records in {@code [from, to)} in order, skipping fillers and segment ends. Each record is verified;
     * the visitor gets the position and a view of the record valid only during the call.
     */
    public void forEachRecord(long from, long to, MemorySegment buffer, RecordVisitor visitor) throws IOException {
        {
            long position = from;
            while (position < to) {
                long segmentEnd = (position / segmentSize + 1) * segmentSize;
                if (segmentEnd - position < RecordDescriptor.FILLER_LENGTH) {
                    position = segmentEnd;
                    continue;
                }
                readBytes(position, buffer, RecordDescriptor.FILLER_LENGTH);
                int length = RecordCodec.length(buffer);
                if (RecordCodec.magic(buffer) == RecordDescriptor.FILLER_MAGIC) {
                    position = segmentEnd;
                    continue;
                }
                if (length < RecordDescriptor.HEADER_LENGTH || length > maxRecordSize || position + length > segmentEnd) {
                    throw corrupted(position, "bad record length " + length);
                }
                readRecord(position, length, buffer.asSlice(0, length));
                visitor.visit(position, buffer.asSlice(0, length));
                position += length;
            }
        }
    }

    /**
     * Copies the log from {@code from} for a replica: whole records, at most about {@code maxLength} bytes (at least
     * one record however long), never past {@code limit} (a record end, such as the handed-off position) nor past
     * the end of {@code from}'s segment, into {@code target} (at least {@code max(maxLength, maxRecordSize)} bytes).
     * A chunk that reaches a filler or a gap at the segment's end carries it and ends at the next segment.
     *
     * @return the chunk copied; empty if {@code from} is at {@code limit}
     * @throws IllegalArgumentException if {@code from} lies before the log's start (deleted by retention) or after
     *                                  {@code limit}
     * @throws StoreCorruptedException  if a record on the way is damaged
     */
    public LogChunk readChunk(long from, long limit, int maxLength, MemorySegment target) {
        if (from < minPosition) {
            throw new IllegalArgumentException("position " + from + " was deleted by retention; the log starts at "
                    + minPosition);
        }
        if (from > limit) {
            throw new IllegalArgumentException("position " + from + " is past the end of the log at " + limit);
        }
        long segmentEnd = (from / segmentSize + 1) * segmentSize;
        long dataEnd = from;
        long end = from;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(RecordDescriptor.FILLER_LENGTH);
            long at = from;
            while (at < limit) {
                if (segmentEnd - at < RecordDescriptor.FILLER_LENGTH) {
                    end = segmentEnd;
                    break;
                }
                readBytes(at, header, RecordDescriptor.FILLER_LENGTH);
                if (RecordCodec.magic(header) == RecordDescriptor.FILLER_MAGIC) {
                    dataEnd = at + RecordDescriptor.FILLER_LENGTH;
                    end = segmentEnd;
                    break;
                }
                int length = RecordCodec.length(header);
                if (length < RecordDescriptor.HEADER_LENGTH || length > maxRecordSize || at + length > segmentEnd) {
                    throw corrupted(at, "bad record length " + length);
                }
                if (at > from && at + length - from > maxLength) {
                    break;
                }
                at += length;
                dataEnd = at;
                end = at;
            }
        }
        readBytes(from, target, dataEnd - from);
        return new LogChunk(from, end, Math.toIntExact(dataEnd - from));
    }

    /** Receives records from {@link #forEachRecord}. */
    @FunctionalInterface
    public interface RecordVisitor {
        void visit(long position, MemorySegment record) throws IOException;
    }

    /**
     * Length of the record starting at {@code position}, or -1 if no record starts there. Reads the header into
     * {@code header} (at least {@link RecordDescriptor#HEADER_LENGTH} bytes).
     */
    public int recordLengthAt(long position, MemorySegment header) {
        if (position < minPosition || position + RecordDescriptor.FILLER_LENGTH > writePosition) {
            return -1;
        }
        long segmentEnd = (position / segmentSize + 1) * segmentSize;
        if (segmentEnd - position < RecordDescriptor.HEADER_LENGTH) {
            return -1;
        }
        readBytes(position, header, RecordDescriptor.HEADER_LENGTH);
        int length = RecordCodec.length(header);
        boolean magicMatches = RecordCodec.magic(header) == RecordDescriptor.RECORD_MAGIC;
        boolean positionMatches = header.get(RecordCodec.LONG, RecordDescriptor.POSITION_OFFSET) == position;
        boolean lengthFits = length >= RecordDescriptor.HEADER_LENGTH && length <= maxRecordSize
                && position + length <= Math.min(segmentEnd, writePosition);
        if (magicMatches && positionMatches && lengthFits) {
            return length;
        }
        if (positionMatches && RecordCodec.magic(header) != RecordDescriptor.FILLER_MAGIC) {
            // Something claims to be the record of this position, but its header is damaged.
            throw corrupted(position, magicMatches ? "bad record length " + length
                    : "bad magic 0x" + Integer.toHexString(RecordCodec.magic(header)));
        }
        if (magicMatches && lengthFits) {
            // Either a damaged position field (the CRC covers it) or a record image that merely sits inside a body.
            MemorySegment record = MemorySegment.ofArray(new byte[length]);
            readBytes(position, record, length);
            if (RecordCodec.crc(record, RecordDescriptor.CRC_FROM, length) != record.get(RecordCodec.INT, RecordDescriptor.CRC_OFFSET)) {
                throw corrupted(position, "record CRC mismatch (position field "
                        + header.get(RecordCodec.LONG, RecordDescriptor.POSITION_OFFSET) + ")");
            }
        }
        return -1;
    }

    public boolean hasSegments() {
        return !segments.isEmpty();
    }

    /** Store timestamp of the first record of the segment at {@code base}, or -1 if it does not start with one. */
    public long firstStoreTimestamp(long base) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(RecordDescriptor.HEADER_LENGTH);
            if (base >= writePosition) {
                return -1;
            }
            readBytes(base, header, RecordDescriptor.HEADER_LENGTH);
            if (RecordCodec.magic(header) != RecordDescriptor.RECORD_MAGIC
                    || header.get(RecordCodec.LONG, RecordDescriptor.POSITION_OFFSET) != base) {
                return -1;
            }
            return header.get(RecordCodec.LONG, RecordDescriptor.STORE_TIMESTAMP_OFFSET);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Recovery (single-threaded, before the duties start)

    /**
     * Finds the end of the log by verifying every record from {@code scanFrom} on. A bad record at or after
     * {@code trustedEnd} with nothing valid after it is a torn tail: it is cut off, and the cut is logged. A bad
     * record before {@code trustedEnd}, or one followed by valid data, is corruption and fails the open.
     *
     * @return the log's end position, also made the write, file-written, handed-off and durable position
     */
    public long recoverEnd(long scanFrom, long trustedEnd, boolean clean) throws IOException {
        if (segments.isEmpty()) {
            setRecoveredEnd(0);
            return 0;
        }
        long first = segments.firstKey();
        long position = Math.max(Math.min(scanFrom, lowestRepairedBase), first);
        if (segments.floorKey(position) == null || position > segments.lastKey() + segmentSize) {
            throw new StoreCorruptedException(directory, 0, "checkpoint position " + scanFrom
                    + " lies outside the segments on disk (" + first + " to " + (segments.lastKey() + segmentSize) + ")");
        }
        LogScanner scanner = new LogScanner(this);
        long end = scanner.scan(position, trustedEnd, clean);
        // Everything up to the end is now synced: the kernel may still hold it only in the page cache.
        for (IoFile file : segments.tailMap(Math.max(first, trustedEnd - trustedEnd % segmentSize), true).values()) {
            file.force();
        }
        setRecoveredEnd(end);
        return end;
    }

    private void setRecoveredEnd(long end) {
        writePosition = end;
        fileWrittenPosition = end;
        handedOffPosition = end;
        durablePosition = end;
        tail.reset(end);
    }

    NavigableMap<Long, IoFile> segments() {
        return segments;
    }

    /**
     * Cuts the log at {@code position}: the rest of its segment is zeroed and later segments are deleted. The steps
     * go in an order that a crash between any two of them leaves a torn tail for recovery to cut again: first the
     * zeros (durable), then the later segments newest first, each deletion made durable before the next. The segment
     * of {@code position} is deleted too when the cut is at its start, unless it is the oldest: that one stays,
     * zeroed, so the log keeps its start position.
     */
    void truncate(long position) throws IOException {
        long base = position - position % segmentSize;
        IoFile file = segments.get(base);
        if (file != null) {
            file.truncate(position - base);
        }
        for (Map.Entry<Long, IoFile> later : new ArrayList<>(segments.tailMap(base, false).descendingMap().entrySet())) {
            deleteSegment(later.getKey(), later.getValue());
        }
        if (file != null && position == base && base != segments.firstKey()) {
            deleteSegment(base, file);
        }
        coldReads.forgetFrom(position);
    }

    private void deleteSegment(long base, IoFile file) throws IOException {
        file.close();
        Files.delete(directory.resolve(segmentName(base)));
        segments.remove(base);
        Fsync.directory(directory);
    }

    /**
     * Offline, after {@link #recoverEnd} and before anything is appended: cuts the log at {@code position}, which
     * must be the start of a record (or the end of the log) between {@link #minPosition()} and
     * {@link #writePosition()}; everything from there on is discarded durably, and the log ends at {@code position}.
     * Cutting at the end changes nothing.
     *
     * @throws IllegalArgumentException naming the position and what is there if it is outside the log or not a
     *                                  record boundary (inside a record, or inside the filler that closes a segment)
     */
    public void truncateTo(long position) throws IOException {
        checkRecordBoundary(position);
        if (position == writePosition) {
            return;
        }
        truncate(position);
        setRecoveredEnd(position);
    }

    /**
     * Verifies that {@code position} is where a record starts, or the end of the log, by walking the records of its
     * segment from the segment's start (records never cross a segment's end).
     *
     * @throws IllegalArgumentException naming the position and the record or filler it lies in
     */
    public void checkRecordBoundary(long position) {
        if (position < minPosition || position > writePosition) {
            throw new IllegalArgumentException("position " + position + " is outside the commit log in " + directory
                    + ", which holds " + minPosition + " to " + writePosition);
        }
        long base = position - position % segmentSize;
        long segmentEnd = base + segmentSize;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(RecordDescriptor.FILLER_LENGTH);
            long at = base;
            while (at < position) {
                if (segmentEnd - at < RecordDescriptor.FILLER_LENGTH) {
                    throw new IllegalArgumentException("position " + position + " lies in the unused end of segment "
                            + segmentName(base) + " after position " + at + "; the next record boundary is "
                            + segmentEnd);
                }
                readBytes(at, header, RecordDescriptor.FILLER_LENGTH);
                if (RecordCodec.magic(header) == RecordDescriptor.FILLER_MAGIC) {
                    throw new IllegalArgumentException("position " + position + " lies inside the filler at "
                            + at + " that closes segment " + segmentName(base) + "; the nearest record boundaries are "
                            + at + " and " + segmentEnd);
                }
                int length = RecordCodec.length(header);
                if (RecordCodec.magic(header) != RecordDescriptor.RECORD_MAGIC
                        || length < RecordDescriptor.HEADER_LENGTH || length > maxRecordSize || at + length > segmentEnd) {
                    throw corrupted(at, "bad record header (length " + length + ", magic 0x"
                            + Integer.toHexString(RecordCodec.magic(header)) + ")");
                }
                if (at + length > position) {
                    throw new IllegalArgumentException("position " + position + " lies inside the record at " + at
                            + " (" + length + " bytes); the nearest record boundaries are " + at + " and "
                            + (at + length));
                }
                at += length;
            }
        }
    }

    /** Restores the next queue offsets after recovery, from the consume queues. */
    public void setNextQueueOffset(String topic, int queueId, long nextOffset) {
        appendLock.lock();
        try {
            long[] offsets = nextQueueOffsets.computeIfAbsent(topic, t -> new long[Math.max(8, queueId + 1)]);
            if (queueId >= offsets.length) {
                offsets = Arrays.copyOf(offsets, queueId + 1);
                nextQueueOffsets.put(topic, offsets);
            }
            offsets[queueId] = Math.max(offsets[queueId], nextOffset);
        } finally {
            appendLock.unlock();
        }
    }

    public void setLastStoreTimestamp(long timestamp) {
        appendLock.lock();
        try {
            lastStoreTimestamp = Math.max(lastStoreTimestamp, timestamp);
        } finally {
            appendLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Retention

    /** Base positions and files of closed segments, oldest first (never the one being written). */
    public List<Long> closedSegmentBases() {
        long active = writePosition - writePosition % segmentSize;
        long durableBase = durablePosition - durablePosition % segmentSize;
        return new ArrayList<>(segments.headMap(Math.min(active, durableBase), false).keySet());
    }

    /** Deletes the oldest segment; readers of its positions get "deleted by retention" from now on. */
    public void deleteOldestSegment(long base) throws IOException {
        if (!segments.firstKey().equals(base)) {
            throw new IllegalArgumentException("segment " + base + " is not the oldest");
        }
        minPosition = base + segmentSize;
        coldReads.forgetBefore(minPosition);
        IoFile file = segments.remove(base);
        file.close();
        Files.deleteIfExists(directory.resolve(segmentName(base)));
    }

    public long sizeOnDisk() {
        return (long) segments.size() * segmentSize;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Marks the log closed; appends fail from now on. The flush duty must have stopped before {@link #close()}. */
    public void markClosed() {
        appendLock.lock();
        try {
            closed = true;
        } finally {
            appendLock.unlock();
        }
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        closeFiles();
        tail.close();
    }

    private void closeFiles() throws IOException {
        IOException first = null;
        for (IoFile file : segments.values()) {
            try {
                file.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        segments.clear();
        if (first != null) {
            throw first;
        }
    }
}
