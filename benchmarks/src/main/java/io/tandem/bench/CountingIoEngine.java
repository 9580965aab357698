package io.tandem.bench;

import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoFile;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps an engine to count and time the commit log's file calls, so the demo can tell where SYNC time goes: how
 * many fdatasyncs it did, how long each took, and how many appends shared one (the group commit size).
 */
final class CountingIoEngine implements IoEngine {

    private final IoEngine delegate;
    final LongAdder writes = new LongAdder();
    final LongAdder writeNanos = new LongAdder();
    final LongAccumulator maxWriteNanos = new LongAccumulator(Math::max, 0);
    final LongAdder writtenBytes = new LongAdder();
    final LongAdder forces = new LongAdder();
    final LongAdder forceNanos = new LongAdder();
    final LongAccumulator maxForceNanos = new LongAccumulator(Math::max, 0);
    final LongAdder opens = new LongAdder();
    final LongAdder openNanos = new LongAdder();

    CountingIoEngine(IoEngine delegate) {
        this.delegate = delegate;
    }

    /** Forgets the maxima seen so far (the sums are compared as before/after snapshots instead). */
    void resetMaxima() {
        maxWriteNanos.reset();
        maxForceNanos.reset();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public IoFile open(Path file, long capacity) throws IOException {
        long start = System.nanoTime();
        IoFile opened = delegate.open(file, capacity);
        openNanos.add(System.nanoTime() - start);
        opens.increment();
        return new CountingFile(opened);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    private final class CountingFile implements IoFile {

        private final IoFile file;

        CountingFile(IoFile file) {
            this.file = file;
        }

        @Override
        public Path path() {
            return file.path();
        }

        @Override
        public long capacity() {
            return file.capacity();
        }

        @Override
        public void write(long fileOffset, MemorySegment source) throws IOException {
            long start = System.nanoTime();
            file.write(fileOffset, source);
            long nanos = System.nanoTime() - start;
            writeNanos.add(nanos);
            maxWriteNanos.accumulate(nanos);
            writes.increment();
            writtenBytes.add(source.byteSize());
        }

        /** Timed as write time (the io_uring engine submits its writes here), not counted as a write. */
        @Override
        public void handOff() throws IOException {
            long start = System.nanoTime();
            file.handOff();
            long nanos = System.nanoTime() - start;
            writeNanos.add(nanos);
            maxWriteNanos.accumulate(nanos);
        }

        @Override
        public void read(long fileOffset, MemorySegment destination) throws IOException {
            file.read(fileOffset, destination);
        }

        @Override
        public void force() throws IOException {
            long start = System.nanoTime();
            file.force();
            long nanos = System.nanoTime() - start;
            forceNanos.add(nanos);
            maxForceNanos.accumulate(nanos);
            forces.increment();
        }

        @Override
        public void truncate(long fileOffset) throws IOException {
            file.truncate(fileOffset);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
