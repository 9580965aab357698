package io.tandem.client.remoting;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tandem.protocol.ProtocolException;
import io.tandem.client.auth.Credentials;
import io.tandem.client.auth.CredentialsProvider;
import io.tandem.client.concurrent.VirtualThreads;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.auth.RequestSignature;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.frame.FrameDecoder;
import io.tandem.protocol.frame.FrameDescriptor;
import io.tandem.protocol.frame.FrameEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client end of the remoting protocol (fact sheet 1): sends requests to "host:port" addresses and correlates
 * their responses by opaque, and answers the requests a server sends back on the same connection.
 *
 * <p>One long-lived connection per address, opened on first use and reused; a connection that was lost, closed
 * for an undecodable frame or closed after {@link RemotingClientConfig#idleTime()} without traffic is reopened on
 * the next use. Thread-safe: every method may be called from any thread.
 *
 * <p>Failure modes are reported through the returned futures (only misuse such as a null request or a
 * non-positive timeout is thrown): {@link RemotingTimeoutException} when
 * no response arrives in time, {@link RemotingConnectException} when the connection cannot be opened, fails while
 * writing, or closes before the response (all requests pending on that connection fail together, other
 * connections are unaffected), and the encoder's {@code IllegalArgumentException}/{@code ProtocolException} for a
 * command the wire cannot carry. After {@link #close()} every call returns a future failed with
 * {@link IllegalStateException}.
 *
 * <p>Design note: encoding happens on the calling thread, before the write, so that a command the wire cannot
 * carry fails only its own future instead of being mistaken for a broken connection.
 */
public final class RemotingClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemotingClient.class);
    private static final AttributeKey<Connection> CONNECTION = AttributeKey.valueOf(Connection.class.getName());

    private final RemotingClientConfig config;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final ExecutorService processorExecutor;
    private final boolean ownsProcessorExecutor;
    private final Map<String, CompletableFuture<Connection>> connections = new ConcurrentHashMap<>();
    private final Map<Integer, RequestProcessor> processors = new ConcurrentHashMap<>();
    private final AtomicInteger nextOpaque = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CredentialsProvider credentials;
    private final SslContext sslContext;

    /** A client whose request processors run on threads of their own, one per request (virtual threads on Java 21+). */
    public RemotingClient(RemotingClientConfig config) {
        this(config, VirtualThreads.perTaskExecutor("tandem-remoting-processor-"), true, null);
    }

    /**
     * A client whose request processors run on threads of their own (virtual on Java 21+) and which signs every request it sends (not its
     * answers to brokers) with {@code credentials}, as RocketMQ's {@code AclClientRPCHook} does; null: unsigned.
     */
    public RemotingClient(RemotingClientConfig config, CredentialsProvider credentials) {
        this(config, VirtualThreads.perTaskExecutor("tandem-remoting-processor-"), true, credentials);
    }

    /**
     * A client whose request processors run on {@code processorExecutor}; the caller keeps ownership of the
     * executor and shuts it down after closing this client.
     */
    public RemotingClient(RemotingClientConfig config, ExecutorService processorExecutor) {
        this(config, processorExecutor, false, null);
    }

    private RemotingClient(RemotingClientConfig config, ExecutorService processorExecutor, boolean ownsExecutor,
                           CredentialsProvider credentials) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = credentials;
        this.processorExecutor = Objects.requireNonNull(processorExecutor, "processorExecutor");
        this.ownsProcessorExecutor = ownsExecutor;
        this.sslContext = config.tls() == null ? null : sslContext(config.tls());
        this.group = new MultiThreadIoEventLoopGroup(config.workerThreads(),
                new DefaultThreadFactory("tandem-remoting-client"), NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new IdleStateHandler(0, 0, config.idleTime().toNanos(), TimeUnit.NANOSECONDS),
                                new LengthFieldBasedFrameDecoder(FrameDescriptor.MAX_FRAME_LENGTH,
                                        FrameDescriptor.FRAME_LENGTH_OFFSET, FrameDescriptor.FRAME_LENGTH_FIELD_LENGTH,
                                        FrameDescriptor.LENGTH_ADJUSTMENT, FrameDescriptor.INITIAL_BYTES_TO_STRIP),
                                new InboundHandler());
                    }
                });
    }

    public RemotingClientConfig config() {
        return config;
    }

    /**
     * Registers the processor for requests with {@code requestCode} that servers send to this client, replacing
     * any earlier one. Requests with a code that has no processor are answered with REQUEST_CODE_NOT_SUPPORTED.
     */
    public void registerProcessor(int requestCode, RequestProcessor processor) {
        processors.put(requestCode, Objects.requireNonNull(processor, "processor"));
    }

    /**
     * Sends {@code request} to {@code address} ("host:port") with a fresh opaque and the response and oneway flags
     * cleared, and completes with the response carrying that opaque. The timeout counts from the moment the request
     * is handed to the connection (opening the connection is bounded by the connect timeout).
     */
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        RemotingCommand signed;
        try {
            signed = sign(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return connection(address).thenCompose(connection -> send(connection, signed, timeout));
    }

    /**
     * Sends {@code request} to {@code address} with a fresh opaque and the oneway flag set; nothing waits for an
     * answer. Completes when the command has been written to the socket.
     */
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        Objects.requireNonNull(request, "request");
        RemotingCommand signed;
        try {
            signed = sign(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return connection(address).thenCompose(connection -> {
            RemotingCommand command = signed.toBuilder()
                    .opaque(nextOpaque.getAndIncrement())
                    .flag((request.flag() & ~RemotingCommand.RESPONSE_FLAG) | RemotingCommand.ONEWAY_FLAG)
                    .build();
            CompletableFuture<Void> written = new CompletableFuture<>();
            ByteBuf frame;
            try {
                frame = encode(connection.channel(), command);
            } catch (RuntimeException e) {
                written.completeExceptionally(e);
                return written;
            }
            connection.channel().writeAndFlush(frame).addListener((ChannelFuture future) -> {
                if (future.isSuccess()) {
                    written.complete(null);
                } else {
                    RemotingConnectException failure = new RemotingConnectException(address, "failed to write",
                            future.cause());
                    written.completeExceptionally(failure);
                    connection.close("failed to write", future.cause());
                }
            });
            return written;
        });
    }

    /**
     * Closes every connection (failing their pending requests with {@link RemotingConnectException}), shuts the
     * event loops down and waits for them, and shuts down the processor executor if this client created it.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (CompletableFuture<Connection> pending : connections.values()) {
            pending.thenAccept(connection -> connection.close("was closed because the client was closed", null));
        }
        connections.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        if (ownsProcessorExecutor) {
            VirtualThreads.close(processorExecutor);
        }
    }

    /** Requests waiting for a response on the connection to {@code address}; 0 when there is none. For tests. */
    int pendingCount(String address) {
        CompletableFuture<Connection> connection = connections.get(address);
        return connection == null || !connection.isDone() || connection.isCompletedExceptionally()
                ? 0 : connection.join().pendingCount();
    }

    /** The request with the ACL signature fields added, or as it is without credentials. */
    private RemotingCommand sign(RemotingCommand request) {
        if (credentials == null) {
            return request;
        }
        Credentials current = credentials.credentials();
        if (current == null) {
            throw new IllegalStateException("the credentials provider " + credentials + " returned none");
        }
        return RequestSignature.signed(request, current.accessKey(), current.secretKey(), current.securityToken());
    }

    private CompletableFuture<RemotingCommand> send(Connection connection, RemotingCommand request, Duration timeout) {
        int opaque = nextOpaque.getAndIncrement();
        RemotingCommand command = request.toBuilder()
                .opaque(opaque)
                .flag(request.flag() & ~(RemotingCommand.RESPONSE_FLAG | RemotingCommand.ONEWAY_FLAG))
                .build();
        Channel channel = connection.channel();
        ByteBuf frame;
        try {
            frame = encode(channel, command);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Connection.Pending pending = connection.register(opaque, command.code());
        pending.timeout(channel.eventLoop().schedule(() -> connection.fail(pending,
                        new RemotingTimeoutException(connection.address(), command.code(), opaque, timeout)),
                timeout.toNanos(), TimeUnit.NANOSECONDS));
        channel.writeAndFlush(frame).addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                connection.fail(pending, new RemotingConnectException(connection.address(), "failed to write",
                        future.cause()));
                connection.close("failed to write", future.cause());
            }
        });
        return pending.future();
    }

    private ByteBuf encode(Channel channel, RemotingCommand command) {
        ByteBuf frame = channel.alloc().buffer();
        try {
            FrameEncoder.encode(command, config.serializeType(), frame);
            return frame;
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    private CompletableFuture<Connection> connection(String address) {
        Objects.requireNonNull(address, "address");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("remoting client is closed"));
        }
        CompletableFuture<Connection> existing = connections.get(address);
        if (existing != null && !existing.isCompletedExceptionally()
                && (!existing.isDone() || existing.join().isActive())) {
            return existing;
        }
        CompletableFuture<Connection> fresh = new CompletableFuture<>();
        CompletableFuture<Connection> winner = existing == null
                ? connections.putIfAbsent(address, fresh)
                : connections.replace(address, existing, fresh) ? null : connections.get(address);
        if (winner != null) {
            return connection(address);
        }
        connect(address, fresh);
        return fresh;
    }

    private void connect(String address, CompletableFuture<Connection> result) {
        int colon = address.lastIndexOf(':');
        int port;
        try {
            if (colon <= 0) {
                throw new NumberFormatException("no port");
            }
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            connections.remove(address, result);
            result.completeExceptionally(new IllegalArgumentException("address must be host:port: " + address, e));
            return;
        }
        String rawHost = address.substring(0, colon);
        String host = rawHost.startsWith("[") && rawHost.endsWith("]")
                ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        ChannelFuture connecting;
        try {
            connecting = bootstrap.connect(host, port);
        } catch (RuntimeException e) {
            connections.remove(address, result);
            result.completeExceptionally(new RemotingConnectException(address, "could not be opened", e));
            return;
        }
        connecting.addListener((ChannelFuture future) -> {
            if (!future.isSuccess()) {
                connections.remove(address, result);
                result.completeExceptionally(new RemotingConnectException(address, "could not be opened",
                        future.cause()));
                return;
            }
            Channel channel = future.channel();
            if (sslContext == null) {
                established(address, channel, result);
                return;
            }
            SslHandler tls = sslContext.newHandler(channel.alloc(), host, port);
            channel.pipeline().addFirst("tls", tls);
            tls.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    established(address, channel, result);
                } else {
                    connections.remove(address, result);
                    channel.close();
                    result.completeExceptionally(new RemotingConnectException(address,
                            "refused the TLS handshake", handshake.cause()));
                }
            });
        });
    }

    private void established(String address, Channel channel, CompletableFuture<Connection> result) {
        Connection connection = new Connection(address, channel);
        channel.attr(CONNECTION).set(connection);
        channel.closeFuture().addListener(closed -> connections.remove(address, result));
        LOG.debug("Connected to {} ({})", address, channel);
        result.complete(connection);
        if (this.closed.get()) {
            connection.close("was closed because the client was closed", null);
        }
    }

    private static SslContext sslContext(ClientTls tls) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .endpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null);
            if (tls.trustedCertificates() != null) {
                builder.trustManager(tls.trustedCertificates().toFile());
            }
            if (tls.certificateChain() != null) {
                builder.keyManager(tls.certificateChain().toFile(), tls.privateKey().toFile(), tls.keyPassword());
            }
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot build the TLS context from " + tls + ": " + e.getMessage(), e);
        }
    }

    private void processRequest(Connection connection, RemotingCommand request) {
        RemotingCommand response = respond(connection, request);
        if (response == null || request.isOneway()) {
            return;
        }
        Channel channel = connection.channel();
        try {
            channel.writeAndFlush(encode(channel, response)).addListener((ChannelFuture future) -> {
                if (!future.isSuccess()) {
                    LOG.warn("Failed to send response {} to {}", response, connection.address(), future.cause());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Cannot encode response {} to {}", response, connection.address(), e);
        }
    }

    private RemotingCommand respond(Connection connection, RemotingCommand request) {
        RequestProcessor processor = processors.get(request.code());
        if (processor == null) {
            return request.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED)
                    .remark(" request type " + request.code() + " not supported")
                    .build();
        }
        try {
            RemotingCommand reply = processor.process(connection.address(), request);
            return reply == null ? null : reply.toBuilder()
                    .opaque(request.opaque())
                    .flag(reply.flag() | RemotingCommand.RESPONSE_FLAG)
                    .build();
        } catch (Exception e) {
            LOG.warn("Processor for request {} from {} failed", request, connection.address(), e);
            return request.response(ResponseCode.SYSTEM_ERROR).remark(e.toString()).build();
        }
    }

    /** Decodes frames, completes responses, dispatches server requests; closes the channel on bad input or idle. */
    private final class InboundHandler extends SimpleChannelInboundHandler<ByteBuf> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Connection connection = ctx.channel().attr(CONNECTION).get();
            if (connection == null) {
                return;
            }
            RemotingCommand command;
            try {
                command = FrameDecoder.decode(frame);
            } catch (ProtocolException e) {
                LOG.warn("Closing connection to {}: undecodable frame: {}", connection.address(), e.getMessage());
                connection.close("was closed after an undecodable frame", e);
                return;
            }
            if (command.isResponse()) {
                connection.complete(command);
                return;
            }
            try {
                processorExecutor.execute(() -> processRequest(connection, command));
            } catch (RejectedExecutionException e) {
                LOG.warn("Dropping request {} from {}: processor executor rejected it", command, connection.address());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            Connection connection = ctx.channel().attr(CONNECTION).get();
            if (event instanceof IdleStateEvent && connection != null) {
                LOG.debug("Closing connection to {}: idle for {}", connection.address(), config.idleTime());
                connection.close("was closed after being idle for " + config.idleTime().toMillis() + " ms", null);
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Connection connection = ctx.channel().attr(CONNECTION).get();
            String address = connection == null ? String.valueOf(ctx.channel().remoteAddress()) : connection.address();
            LOG.warn("Closing connection to {}: {}", address, cause.toString());
            if (connection != null) {
                connection.close("was closed after an error", cause);
            } else {
                ctx.close();
            }
        }
    }
}
