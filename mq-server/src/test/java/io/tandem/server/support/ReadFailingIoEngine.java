package io.tandem.server.support;

import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoFile;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * An {@link IoEngine} over a real one whose file reads fail on demand, the way a disk reporting EIO would; writes and
 * syncs go through untouched.
 */
public final class ReadFailingIoEngine implements IoEngine {

    private final IoEngine delegate;
    private volatile IOException readFailure;

    public ReadFailingIoEngine(IoEngine delegate) {
        this.delegate = delegate;
    }

    /** From now on every read throws {@code failure}; null reads again. */
    public void failReads(IOException failure) {
        this.readFailure = failure;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public IoFile open(Path file, long capacity) throws IOException {
        IoFile opened = delegate.open(file, capacity);
        return new IoFile() {
            @Override
            public Path path() {
                return opened.path();
            }

            @Override
            public long capacity() {
                return opened.capacity();
            }

            @Override
            public void write(long fileOffset, MemorySegment source) throws IOException {
                opened.write(fileOffset, source);
            }

            @Override
            public void read(long fileOffset, MemorySegment destination) throws IOException {
                IOException failure = readFailure;
                if (failure != null) {
                    throw failure;
                }
                opened.read(fileOffset, destination);
            }

            @Override
            public void handOff() throws IOException {
                opened.handOff();
            }

            @Override
            public void force() throws IOException {
                opened.force();
            }

            @Override
            public void truncate(long fileOffset) throws IOException {
                opened.truncate(fileOffset);
            }

            @Override
            public void close() throws IOException {
                opened.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
