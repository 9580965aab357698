package io.tandem.server.remoting;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.frame.FrameDecoder;
import io.tandem.protocol.frame.FrameDescriptor;
import io.tandem.server.tls.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A listener speaking the remoting protocol: frames in, requests to the {@link RequestDispatcher}, responses out.
 * Uses the native epoll transport where Netty can load it, NIO elsewhere.
 *
 * <p>Failure modes: a frame that cannot be decoded (bad lengths, unknown serialization, garbage header, more than
 * {@link FrameDescriptor#MAX_FRAME_LENGTH} bytes) closes that connection only, with a WARN naming the client and
 * the reason; responses to it would have nowhere safe to go. So does a failed TLS handshake (garbage, a truncated
 * or unsupported ClientHello, a plain connection to an enforcing listener, a missing client certificate). A connection idle for the idle time is closed.
 * Every other connection keeps being served.
 */
public final class RemotingServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemotingServer.class);

    private final String name;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Channel serverChannel;
    private final RequestDispatcher dispatcher;
    private final ConnectionListener listener;
    private final AtomicReference<RequestObserver> observer;

    /** Told about connections opening and closing (client registries forget closed channels). */
    public interface ConnectionListener {
        ConnectionListener NONE = new ConnectionListener() {
        };

        default void opened(ClientConnection connection) {
        }

        default void closed(ClientConnection connection) {
        }
    }

    private RemotingServer(String name, EventLoopGroup bossGroup, EventLoopGroup workerGroup, Channel serverChannel,
                           RequestDispatcher dispatcher, ConnectionListener listener,
                           AtomicReference<RequestObserver> observer) {
        this.name = name;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.serverChannel = serverChannel;
        this.dispatcher = dispatcher;
        this.listener = listener;
        this.observer = observer;
    }

    /**
     * Binds {@code bindAddress:port} (port 0: any free port) and starts serving.
     *
     * @param name         thread-name prefix and log label, e.g. "broker"
     * @param workers      event-loop threads
     * @param idleTime     connections without traffic for this long are closed
     * @param dispatcher   where requests go
     * @param listener     told when connections open and close
     * @param tls          TLS of new connections ({@link ServerTls#DISABLED}: plain TCP)
     */
    public static RemotingServer start(String name, String bindAddress, int port, int workers, Duration idleTime,
                                       RequestDispatcher dispatcher, ConnectionListener listener,
                                       ServerTls tls, Consumer<String> transportNote) throws InterruptedException {
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(tls, "tls");
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        transportNote.accept(epoll ? "epoll" : "nio (epoll unavailable: " + Epoll.unavailabilityCause() + ")");
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tandem-" + name + "-accept"),
                ioFactory);
        EventLoopGroup worker = new MultiThreadIoEventLoopGroup(workers, new DefaultThreadFactory("tandem-" + name + "-io"),
                ioFactory);
        AtomicReference<RequestObserver> observer = new AtomicReference<>(RequestObserver.NONE);
        InboundHandler inbound = new InboundHandler(name, dispatcher, listener, observer);
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, worker)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, false)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(
                                    // Answers written while a read is in progress go out with one flush when the
                                    // read completes, and answers from other threads (SYNC flushes, long-poll
                                    // wake-ups) with one flush per event-loop turn: a syscall per batch of
                                    // pipelined requests instead of one per answer.
                                    new FlushConsolidationHandler(
                                            FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                                    new IdleStateHandler(0, 0, idleTime.toNanos(), TimeUnit.NANOSECONDS),
                                    new LengthFieldBasedFrameDecoder(FrameDescriptor.MAX_FRAME_LENGTH,
                                            FrameDescriptor.FRAME_LENGTH_OFFSET,
                                            FrameDescriptor.FRAME_LENGTH_FIELD_LENGTH,
                                            FrameDescriptor.LENGTH_ADJUSTMENT,
                                            FrameDescriptor.INITIAL_BYTES_TO_STRIP),
                                    inbound);
                            tls.addTo(ch);
                        }
                    })
                    .bind(new InetSocketAddress(bindAddress, port)).sync().channel();
            return new RemotingServer(name, boss, worker, channel, dispatcher, listener, observer);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            worker.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Lets {@code requestObserver} see every request passing this listener from now on (one observer at a time). */
    public void observeRequests(RequestObserver requestObserver) {
        observer.set(Objects.requireNonNull(requestObserver, "requestObserver"));
    }

    /** The port actually bound. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @ChannelHandler.Sharable
    private static final class InboundHandler extends SimpleChannelInboundHandler<ByteBuf> {

        private final String name;
        private final RequestDispatcher dispatcher;
        private final ConnectionListener listener;
        private final AtomicReference<RequestObserver> observer;

        InboundHandler(String name, RequestDispatcher dispatcher, ConnectionListener listener,
                       AtomicReference<RequestObserver> observer) {
            this.name = name;
            this.dispatcher = dispatcher;
            this.listener = listener;
            this.observer = observer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ClientConnection connection = new ClientConnection(ctx.channel(), observer);
            ctx.channel().attr(ClientConnection.KEY).set(connection);
            listener.opened(connection);
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            ClientConnection connection = ClientConnection.of(ctx.channel());
            if (connection != null) {
                connection.failPendingCalls();
                listener.closed(connection);
            }
            super.channelInactive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            ClientConnection connection = ClientConnection.of(ctx.channel());
            RemotingCommand command;
            try {
                command = FrameDecoder.decode(frame);
            } catch (ProtocolException e) {
                LOG.warn("{}: closing connection from {}: undecodable frame: {}", name, connection, e.getMessage());
                ctx.close();
                return;
            }
            if (command.isResponse()) {
                // Answers to ClientConnection.invoke; check-backs and notifications are oneway and get none.
                if (!connection.completeCall(command)) {
                    LOG.debug("{}: ignoring response {} from {}", name, command, connection);
                }
                return;
            }
            connection.noteClient(command);
            observer.get().received(connection, command);
            dispatcher.dispatch(connection, command);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                LOG.info("{}: closing idle connection from {}", name, ClientConnection.of(ctx.channel()));
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ClientConnection connection = ClientConnection.of(ctx.channel());
            if (cause instanceof NotSslRecordException || cause.getCause() instanceof NotSslRecordException) {
                // Its message carries the bytes received in hex: plain requests, perhaps signed ones. Not logged.
                LOG.warn("{}: closing connection from {}: plain (not TLS) bytes on a TLS-only listener", name,
                        connection);
            } else if (cause instanceof TooLongFrameException || cause instanceof DecoderException) {
                LOG.warn("{}: closing connection from {}: {}", name, connection, cause.getMessage());
            } else if (cause instanceof java.io.IOException) {
                LOG.debug("{}: connection from {} failed: {}", name, connection, cause.toString());
            } else {
                LOG.warn("{}: closing connection from {}", name, connection, cause);
            }
            ctx.close();
        }
    }
}
