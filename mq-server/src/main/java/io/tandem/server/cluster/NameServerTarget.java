package io.tandem.server.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * A name server this broker registers with: the one in its own process, or one across the network. Both are told the
 * same {@link Announcement}s; how it reaches them is theirs.
 */
interface NameServerTarget {

    /** For logs: {@code host:port}, or "embedded". */
    String name();

    /** Whether registering is an in-memory call that completes before returning (safe on any thread, no I/O). */
    boolean inProcess();

    /** Registers (or renews) this broker; fails with the name server's reason or the transport's failure. */
    CompletableFuture<Void> register(Announcement announcement);

    /** Removes this broker from the name server's routes. */
    CompletableFuture<Void> unregister(Announcement announcement);
}
