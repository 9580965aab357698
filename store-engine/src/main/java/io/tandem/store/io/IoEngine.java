package io.tandem.store.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The way the store moves bytes between memory and its files.
 *
 * <p>The commit log does all of its file I/O through an engine, so that the portable page-cache engine and the
 * native io_uring + O_DIRECT engine are interchangeable without touching the log logic. An engine is
 * thread-safe; the files it opens are used by one writer and many readers at a time.
 *
 * <p>Failure modes: every method throws {@link IOException} naming the file and the operation that failed.
 * A failed {@link IoFile#force()} is final for the file: Linux may have dropped the dirty pages, so the caller
 * must not retry it and assume the data is durable.
 */
public interface IoEngine extends AutoCloseable {

    /** A short name for logs and metrics, e.g. {@code pagecache} or {@code uring}. */
    String name();

    /**
     * Opens {@code file}, creating it with a length of {@code capacity} bytes if it does not exist.
     * A newly created file and its directory entry are made durable before this method returns.
     */
    IoFile open(Path file, long capacity) throws IOException;

    /** Releases engine-wide resources. Files opened through the engine must be closed first. */
    @Override
    void close() throws IOException;
}
