package io.tandem.store;

import io.tandem.store.io.IoEngine;
import io.tandem.store.io.IoFile;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test-only {@link IoEngine} that delegates to a real engine and fails {@link IoFile#force()}, {@link IoFile#write}
 * and/or {@link IoFile#read} on demand, the way a disk reporting EIO (or a full one, ENOSPC) would. A switch set to
 * null turns that failure off again. The failure switches are engine-wide and
 * apply to every file opened through it, before and after they are flipped. A third switch makes the creation
 * of a new file stop half-way (see {@link #failCreateLeavingEmptyFile}).
 *
 * <p>A {@link #holdNextForce() hold} makes the next force wait on a latch (after signalling that it was entered)
 * before it checks the switches, so a test can line up other threads against a flush that is in progress.
 */
final class FaultInjectingIoEngine implements IoEngine {

    private final IoEngine delegate;
    private volatile IOException forceFailure;
    private volatile IOException writeFailure;
    private volatile IOException readFailure;
    private volatile IOException createFailure;
    private volatile boolean injected;
    private volatile ForceHold hold;

    FaultInjectingIoEngine(IoEngine delegate) {
        this.delegate = delegate;
    }

    /** From now on every {@code force()} throws {@code failure} (without syncing anything). */
    void failForce(IOException failure) {
        this.forceFailure = failure;
    }

    /** From now on every {@code write()} throws {@code failure} (without writing anything). */
    void failWrite(IOException failure) {
        this.writeFailure = failure;
    }

    /** From now on every {@code read()} throws {@code failure} (without reading anything). */
    void failRead(IOException failure) {
        this.readFailure = failure;
    }

    /**
     * From now on, opening a file that does not exist yet creates it empty and then throws {@code failure}: the
     * state a process killed inside {@link IoEngine#open} leaves, after the file was created and before it was
     * extended to its capacity (both engines create, then size the file).
     */
    void failCreateLeavingEmptyFile(IOException failure) {
        this.createFailure = failure;
    }

    /** True once an injected failure was thrown to the store. Set just before the throw. */
    boolean hasInjected() {
        return injected;
    }

    /** The next {@code force()} blocks until {@link ForceHold#release()} (after counting down {@link ForceHold#entered}). */
    ForceHold holdNextForce() {
        ForceHold newHold = new ForceHold();
        hold = newHold;
        return newHold;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public IoFile open(Path file, long capacity) throws IOException {
        IOException failure = createFailure;
        if (failure != null && !Files.exists(file)) {
            Files.createFile(file);
            injected = true;
            throw new IOException(failure.getMessage() + " (creating " + file + ")", failure);
        }
        return new FaultyFile(delegate.open(file, capacity));
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    /** A latch pair: the force signals {@link #entered} and waits for {@link #release()}. */
    static final class ForceHold {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile Thread caller;

        /** The thread that called the held force (valid once {@link #entered} counted down). */
        Thread caller() {
            return caller;
        }

        void release() {
            released.countDown();
        }

        boolean awaitEntered() throws InterruptedException {
            return entered.await(10, TimeUnit.SECONDS);
        }
    }

    private final class FaultyFile implements IoFile {
        private final IoFile file;

        FaultyFile(IoFile file) {
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
            IOException failure = writeFailure;
            if (failure != null) {
                throwInjected(failure, "write of " + source.byteSize() + " bytes at offset " + fileOffset);
            }
            file.write(fileOffset, source);
        }

        @Override
        public void handOff() throws IOException {
            file.handOff();
        }

        @Override
        public void read(long fileOffset, MemorySegment destination) throws IOException {
            IOException failure = readFailure;
            if (failure != null) {
                throwInjected(failure, "read of " + destination.byteSize() + " bytes at offset " + fileOffset);
            }
            file.read(fileOffset, destination);
        }

        @Override
        public void force() throws IOException {
            ForceHold current = hold;
            if (current != null) {
                hold = null;
                current.caller = Thread.currentThread();
                current.entered.countDown();
                try {
                    if (!current.released.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("test hold on force() of " + path() + " was never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted in a test hold on force()", e);
                }
            }
            IOException failure = forceFailure;
            if (failure != null) {
                throwInjected(failure, "force");
            }
            file.force();
        }

        @Override
        public void truncate(long fileOffset) throws IOException {
            file.truncate(fileOffset);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }

        private void throwInjected(IOException failure, String operation) throws IOException {
            injected = true;
            throw new IOException(failure.getMessage() + " (" + operation + " of " + path() + ")", failure);
        }
    }
}
