package io.tandem.store;

/**
 * When an append is acknowledged, and so what can take an acknowledged record back. The store keeps one copy on one
 * disk, so no level survives the loss of that disk.
 *
 * <table>
 *   <caption>What each level survives</caption>
 *   <tr><th></th><th>process crash</th><th>OS crash, power loss</th><th>disk loss</th></tr>
 *   <tr><td>{@link #ASYNC}</td><td>survives</td><td>may lose what was acknowledged since the last sync</td><td>lost</td></tr>
 *   <tr><td>{@link #SYNC}</td><td>survives</td><td>survives</td><td>lost</td></tr>
 * </table>
 */
public enum Durability {
    /**
     * Acknowledged once the record has left the process: written into the file's page cache (page-cache and mmap
     * engines) or by a completed O_DIRECT write (io_uring engine). Survives a crash of the process; synced to disk
     * every flush interval, so an OS crash or power loss may lose what was acknowledged since the last sync.
     * Concurrent appenders share each write.
     */
    ASYNC,
    /** Acknowledged only after the record's bytes are durable (fdatasync); concurrent appenders share one flush. */
    SYNC
}
