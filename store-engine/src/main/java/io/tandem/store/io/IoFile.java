package io.tandem.store.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One open file of fixed capacity, addressed by byte offset.
 *
 * <p>Thread-safety: {@link #write}, {@link #handOff} and {@link #force} are called by one thread at a time (the
 * store's flush duty); {@link #read} may be called concurrently from any number of threads.
 */
public interface IoFile extends AutoCloseable {

    Path path();

    /** The file's fixed length in bytes. */
    long capacity();

    /**
     * Writes all of {@code source} at {@code fileOffset}. Reads see the bytes at once; an engine may still hold them
     * in its own memory until {@link #handOff()}, and they are not durable until {@link #force()} returns.
     */
    void write(long fileOffset, MemorySegment source) throws IOException;

    /**
     * Hands every completed {@link #write} over to the operating system and returns once it has them: from then on
     * a crash of this process cannot lose them, an OS crash or power loss still can until {@link #force()}. A no-op
     * for engines whose writes already land in the kernel (page cache, shared mapping). A failure is final, as for
     * {@link #force()}.
     */
    void handOff() throws IOException;

    /** Fills all of {@code destination} from {@code fileOffset}; reading past {@link #capacity()} is an error. */
    void read(long fileOffset, MemorySegment destination) throws IOException;

    /** Makes every completed write durable (fdatasync). */
    void force() throws IOException;

    /** Discards everything from {@code fileOffset} on: those bytes read as zeros afterwards. Durable on return. */
    void truncate(long fileOffset) throws IOException;

    @Override
    void close() throws IOException;
}
