package io.tandem.store.io;

/** Which I/O engine the store uses (setting {@code io-engine}). */
public enum IoEngineKind {
    /** io_uring + O_DIRECT when the kernel and file system allow it, otherwise the page-cache engine (logged). */
    AUTO,
    /** io_uring + O_DIRECT, or fail to open with the reason it is not available. */
    URING,
    /** Positional reads and writes through the kernel page cache. */
    PAGECACHE,
    /** Memory-mapped segment files, synced with msync. */
    MMAP
}
