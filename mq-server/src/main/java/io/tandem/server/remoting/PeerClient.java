package io.tandem.server.remoting;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.SerializeType;
import io.tandem.protocol.frame.FrameDecoder;
import io.tandem.protocol.frame.FrameDescriptor;
import io.tandem.protocol.frame.FrameEncoder;
import io.tandem.server.tls.PeerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests from this server to other servers of the cluster (a broker to its name servers): one connection per
 * {@code host:port}, opened on first use and again after it closed, requests matched to responses by opaque.
 *
 * <p>Failure modes: every outcome is the returned future's. It fails with {@link ConnectException} when the peer
 * cannot be reached or the TLS handshake fails (either side refusing the other's certificate),
 * {@link TimeoutException} when no answer came within the timeout, {@link IOException} when the connection closed
 * first, {@link IllegalStateException} after {@link #close()}. A response with an error code is a
 * normal completion; the caller reads its code. Requests a peer sends on these connections are not served.
 * Thread-safe.
 */
public final class PeerClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);

    private record Pending(String address, CompletableFuture<RemotingCommand> response) {
    }

    private final String name;
    private final Duration connectTimeout;
    private final PeerTls tls;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<String, CompletableFuture<Channel>> channels = new ConcurrentHashMap<>();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger opaques = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param name           thread-name and log label, e.g. "registration"
     * @param connectTimeout longest wait for a connection to open
     */
    public PeerClient(String name, Duration connectTimeout) {
        this(name, connectTimeout, null);
    }

    /**
     * @param name           thread-name and log label, e.g. "registration"
     * @param connectTimeout longest wait for a connection to open
     * @param tls            TLS of every connection, or null for plain TCP
     */
    public PeerClient(String name, Duration connectTimeout, PeerTls tls) {
        this.name = name;
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tandem-" + name + "-client", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        ResponseHandler responses = new ResponseHandler();
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new LengthFieldBasedFrameDecoder(FrameDescriptor.MAX_FRAME_LENGTH,
                                        FrameDescriptor.FRAME_LENGTH_OFFSET,
                                        FrameDescriptor.FRAME_LENGTH_FIELD_LENGTH,
                                        FrameDescriptor.LENGTH_ADJUSTMENT,
                                        FrameDescriptor.INITIAL_BYTES_TO_STRIP),
                                responses);
                    }
                });
    }

    /** Sends {@code request} to {@code address} ({@code host:port}) and completes with its response. */
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " client is closed"));
        }
        int opaque = opaques.incrementAndGet();
        RemotingCommand numbered = request.withOpaque(opaque);
        CompletableFuture<RemotingCommand> response = new CompletableFuture<>();
        pending.put(opaque, new Pending(address, response));
        response.whenComplete((ignored, failure) -> pending.remove(opaque));
        group.schedule(() -> response.completeExceptionally(new TimeoutException(RequestCode.describe(request.code())
                + " to " + address + " got no answer within " + timeout)), timeout.toNanos(), TimeUnit.NANOSECONDS);
        channel(address).whenComplete((channel, failure) -> {
            if (failure != null) {
                response.completeExceptionally(failure);
                return;
            }
            ByteBuf frame = channel.alloc().ioBuffer();
            try {
                FrameEncoder.encode(numbered, SerializeType.JSON, frame);
            } catch (RuntimeException e) {
                frame.release();
                response.completeExceptionally(e);
                return;
            }
            channel.writeAndFlush(frame).addListener((ChannelFutureListener) written -> {
                if (!written.isSuccess()) {
                    response.completeExceptionally(new IOException("writing " + RequestCode.describe(request.code())
                            + " to " + address + " failed", written.cause()));
                }
            });
        });
        return response;
    }

    private CompletableFuture<Channel> channel(String address) {
        CompletableFuture<Channel> existing = channels.get(address);
        if (existing != null && (!existing.isDone() || isOpen(existing))) {
            return existing;
        }
        CompletableFuture<Channel> opening = new CompletableFuture<>();
        if (existing == null ? channels.putIfAbsent(address, opening) != null
                : !channels.replace(address, existing, opening)) {
            return channel(address);
        }
        int colon = address.lastIndexOf(':');
        ChannelFuture connect;
        try {
            connect = bootstrap.connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        } catch (RuntimeException e) {
            channels.remove(address, opening);
            opening.completeExceptionally(new IllegalArgumentException("not a host:port address: " + address, e));
            return opening;
        }
        connect.addListener((ChannelFutureListener) done -> {
            if (!done.isSuccess()) {
                channels.remove(address, opening);
                ConnectException failure = new ConnectException("cannot connect to " + address + " within "
                        + connectTimeout + ": " + done.cause());
                failure.initCause(done.cause());
                opening.completeExceptionally(failure);
                return;
            }
            Channel channel = done.channel();
            if (tls == null) {
                opened(address, channel, opening);
                return;
            }
            SslHandler handler;
            try {
                handler = tls.newHandler(channel.alloc(), address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1)));
            } catch (RuntimeException e) {
                channels.remove(address, opening);
                channel.close();
                opening.completeExceptionally(new ConnectException("cannot start TLS to " + address + ": " + e));
                return;
            }
            channel.pipeline().addFirst("tls", handler);
            handler.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    opened(address, channel, opening);
                    return;
                }
                channels.remove(address, opening);
                ConnectException failure = new ConnectException("TLS handshake with " + address + " failed: "
                        + handshake.cause());
                failure.initCause(handshake.cause());
                opening.completeExceptionally(failure);
                channel.close();
            });
        });
        return opening;
    }

    /** {@code channel} to {@code address} is ready for requests; when it closes, its pending requests fail. */
    private void opened(String address, Channel channel, CompletableFuture<Channel> opening) {
        channel.closeFuture().addListener(closedFuture -> {
            channels.remove(address, opening);
            failPending(address);
        });
        opening.complete(channel);
    }

    private static boolean isOpen(CompletableFuture<Channel> future) {
        return !future.isCompletedExceptionally() && future.join().isActive();
    }

    private void failPending(String address) {
        IOException closedFirst = new IOException("connection to " + address + " closed before the answer came");
        pending.values().forEach(waiting -> {
            if (waiting.address().equals(address)) {
                waiting.response().completeExceptionally(closedFirst);
            }
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        IllegalStateException shut = new IllegalStateException(name + " client closed");
        pending.values().forEach(waiting -> waiting.response().completeExceptionally(shut));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @io.netty.channel.ChannelHandler.Sharable
    private final class ResponseHandler extends SimpleChannelInboundHandler<ByteBuf> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            RemotingCommand command;
            try {
                command = FrameDecoder.decode(frame);
            } catch (ProtocolException e) {
                LOG.warn("{}: closing connection to {}: undecodable frame: {}", name, ctx.channel().remoteAddress(),
                        e.getMessage());
                ctx.close();
                return;
            }
            if (!command.isResponse()) {
                LOG.debug("{}: ignoring request {} from {}", name, command, ctx.channel().remoteAddress());
                return;
            }
            Pending waiting = pending.get(command.opaque());
            if (waiting != null) {
                waiting.response().complete(command);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{}: connection to {} failed: {}", name, ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
