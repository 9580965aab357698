package io.tandem.store.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One open file of fixed capacity, addressed by byte offset.
 *
 * <p>Thread-safety: {@link #write} and {@link #force} are called by one thread at a time (the store's flush
 * duty); {@link #read} may be called concurrently from any number of threads.
 */
public interface IoFile extends AutoCloseable {

    Path path();

    /** The file's fixed length in bytes. */
    long capacity();

    /** Writes all of {@code source} at {@code fileOffset}. Not durable until {@link #force()} returns. */
    void write(long fileOffset, MemorySegment source) throws IOException;

    /** Fills all of {@code destination} from {@code fileOffset}; reading past {@link #capacity()} is an error. */
    void read(long fileOffset, MemorySegment destination) throws IOException;

    /** Makes every completed write durable (fdatasync). */
    void force() throws IOException;

    /** Discards everything from {@code fileOffset} on: those bytes read as zeros afterwards. Durable on return. */
    void truncate(long fileOffset) throws IOException;

    @Override
    void close() throws IOException;
}
