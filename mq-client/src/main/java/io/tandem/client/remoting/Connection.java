package io.tandem.client.remoting;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.protocol.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One channel to one remote address and the requests waiting for a response on it. Thread-safe: requests are
 * registered from caller threads and completed from the channel's event loop.
 *
 * <p>Design note: the pending table lives here rather than in one client-wide map so that losing a connection fails
 * exactly the requests that were sent on it and no others.
 */
final class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final String address;
    private final Channel channel;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private volatile Throwable closeCause;
    private volatile String closeReason = "was closed by the peer";

    Connection(String address, Channel channel) {
        this.address = address;
        this.channel = channel;
        channel.closeFuture().addListener(future -> failAll());
    }

    String address() {
        return address;
    }

    Channel channel() {
        return channel;
    }

    boolean isActive() {
        return channel.isActive();
    }

    int pendingCount() {
        return pending.size();
    }

    /** Registers a request; the caller then writes it and arms the timeout with {@link Pending#timeout}. */
    Pending register(int opaque, int requestCode) {
        Pending entry = new Pending(opaque, requestCode, new CompletableFuture<>());
        pending.put(opaque, entry);
        if (!channel.isOpen()) {
            failAll();
        }
        return entry;
    }

    /** Fails one request with {@code failure} if it is still pending. */
    void fail(Pending entry, RemotingException failure) {
        if (pending.remove(entry.opaque(), entry)) {
            entry.cancelTimeout();
            entry.future().completeExceptionally(failure);
        }
    }

    /** Completes the pending request with the response's opaque; a response nobody waits for is logged and dropped. */
    void complete(RemotingCommand response) {
        Pending entry = pending.remove(response.opaque());
        if (entry == null) {
            LOG.debug("Dropping response from {} for opaque {} that is no longer pending (timed out?): {}", address,
                    response.opaque(), response);
            return;
        }
        entry.cancelTimeout();
        entry.future().complete(response);
    }

    /** Closes the channel; pending requests fail with a {@link RemotingConnectException} giving reason and cause. */
    void close(String reason, Throwable cause) {
        if (closeCause == null && cause != null) {
            closeCause = cause;
        }
        closeReason = reason;
        channel.close();
    }

    private void failAll() {
        for (Pending entry : pending.values()) {
            fail(entry, new RemotingConnectException(address, closeReason, closeCause));
        }
    }

    /** One request waiting for its response. */
    static final class Pending {

        private final int opaque;
        private final int requestCode;
        private final CompletableFuture<RemotingCommand> future;
        private volatile ScheduledFuture<?> timeout;

        Pending(int opaque, int requestCode, CompletableFuture<RemotingCommand> future) {
            this.opaque = opaque;
            this.requestCode = requestCode;
            this.future = future;
        }

        int opaque() {
            return opaque;
        }

        int requestCode() {
            return requestCode;
        }

        CompletableFuture<RemotingCommand> future() {
            return future;
        }

        void timeout(ScheduledFuture<?> scheduled) {
            this.timeout = scheduled;
            if (future.isDone()) {
                scheduled.cancel(false);
            }
        }

        private void cancelTimeout() {
            ScheduledFuture<?> scheduled = timeout;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
