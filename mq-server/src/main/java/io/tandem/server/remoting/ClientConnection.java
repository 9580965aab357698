package io.tandem.server.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import io.tandem.protocol.LanguageCode;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.SerializeType;
import io.tandem.protocol.frame.FrameEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One accepted client connection. Writes frames (JSON headers, which every client accepts), remembers what the
 * client told about itself (language, version), and matches the client's responses to the requests the broker sent it
 * with {@link #invoke}. Thread-safe: writes may come from any thread.
 */
public final class ClientConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    static final AttributeKey<ClientConnection> KEY = AttributeKey.valueOf(ClientConnection.class.getName());

    private final Channel channel;
    private final String remoteAddress;
    private volatile LanguageCode language = LanguageCode.JAVA;
    private volatile int version;
    /** Requests the broker sent with {@link #invoke}, by opaque, until answered, timed out or the channel closed. */
    private final Map<Integer, CompletableFuture<RemotingCommand>> pendingCalls = new ConcurrentHashMap<>();
    private final AtomicInteger nextCallOpaque = new AtomicInteger(1 << 28);
    private final AtomicReference<RequestObserver> observer;

    ClientConnection(Channel channel, AtomicReference<RequestObserver> observer) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.remoteAddress = describe(channel.remoteAddress());
        this.observer = observer;
    }

    /** The connection a channel belongs to, or null if it was not accepted by a {@link RemotingServer}. */
    public static ClientConnection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public Channel channel() {
        return channel;
    }

    /** "ip:port" of the client. */
    public String remoteAddress() {
        return remoteAddress;
    }

    public InetSocketAddress remoteSocketAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    void noteClient(RemotingCommand request) {
        language = request.language();
        version = request.version();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Encodes and writes {@code command}; a command the wire cannot carry is logged and dropped. */
    public void write(RemotingCommand command) {
        if (!command.isResponse()) {
            observer.get().sent(this, command);
        }
        ByteBuf frame = channel.alloc().ioBuffer();
        try {
            FrameEncoder.encode(command, SerializeType.JSON, frame);
        } catch (RuntimeException e) {
            frame.release();
            LOG.error("cannot encode {} for {}: {}", command, remoteAddress, e.toString());
            return;
        }
        channel.writeAndFlush(frame).addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                LOG.debug("write to {} failed: {}", remoteAddress, String.valueOf(future.cause()));
            }
        });
    }

    /**
     * Writes {@code command} (whose own body is ignored) followed by {@code body}, without copying the body into the
     * frame; takes ownership of {@code body}.
     */
    public void write(RemotingCommand command, ByteBuf body) {
        if (!command.isResponse()) {
            observer.get().sent(this, command);
        }
        ByteBuf header = channel.alloc().ioBuffer();
        try {
            FrameEncoder.encodeHeader(command, SerializeType.JSON, body.readableBytes(), header);
        } catch (RuntimeException e) {
            header.release();
            body.release();
            LOG.error("cannot encode {} for {}: {}", command, remoteAddress, e.toString());
            return;
        }
        channel.write(header, channel.voidPromise());
        channel.writeAndFlush(body).addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                LOG.debug("write to {} failed: {}", remoteAddress, String.valueOf(future.cause()));
            }
        });
    }

    /**
     * Sends {@code request} (a broker-initiated request expecting an answer, e.g. GET_CONSUMER_RUNNING_INFO) with an
     * opaque of its own and completes with the client's response. Completes exceptionally with a
     * {@link TimeoutException} when no response came within {@code timeout}, and with a
     * {@link ClosedChannelException} when the connection closed first.
     */
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand.Builder request, Duration timeout) {
        int opaque = nextCallOpaque.getAndIncrement();
        CompletableFuture<RemotingCommand> response = new CompletableFuture<>();
        pendingCalls.put(opaque, response);
        response.whenComplete((answer, failure) -> pendingCalls.remove(opaque, response));
        if (!channel.isActive()) {
            response.completeExceptionally(new ClosedChannelException());
            return response;
        }
        io.netty.util.concurrent.ScheduledFuture<?> expiry = channel.eventLoop().schedule(() ->
                        response.completeExceptionally(new TimeoutException("no answer from " + remoteAddress
                                + " within " + timeout.toMillis() + " ms")),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        response.whenComplete((answer, failure) -> expiry.cancel(false));
        write(request.opaque(opaque).build());
        return response;
    }

    /** Hands a response to the {@link #invoke} waiting for it; false if none waits (late or unsolicited). */
    boolean completeCall(RemotingCommand response) {
        CompletableFuture<RemotingCommand> pending = pendingCalls.get(response.opaque());
        return pending != null && pending.complete(response);
    }

    /** Fails every {@link #invoke} still waiting: the connection closed. */
    void failPendingCalls() {
        for (CompletableFuture<RemotingCommand> pending : pendingCalls.values()) {
            pending.completeExceptionally(new ClosedChannelException());
        }
    }

    public void close() {
        channel.close();
    }

    static String describe(java.net.SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public String toString() {
        return remoteAddress;
    }
}
