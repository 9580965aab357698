package io.tandem.server.replication;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tandem.server.tls.ReplicationTls;
import io.tandem.store.MessageStore;
import io.tandem.store.LogChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import static io.tandem.server.replication.ReplicationDescriptor.*;

/**
 * The leader's replication listener: accepts replicas of its broker group, streams each its commit log from the
 * position it asks for, and reports their acknowledgements to {@link InSyncReplicas}. Per replica, one sender
 * thread reads chunks from the store and writes them while less than {@code windowBytes} are unacknowledged and the
 * connection is writable (back-pressure); an idle sender sends a heartbeat every {@code heartbeatInterval}, and the
 * metadata snapshot every {@code metadataInterval} and at once after {@link #metadataChanged()} (a topic, group,
 * user or ACL changed), so a replica elected right after such a change has it. A connection silent for
 * {@code peerTimeout} is closed.
 *
 * <p>Every frame carries the leader's epoch ({@link ReplicationConfig#epoch()}); a HELLO from a replica that knows a
 * newer epoch is refused, since this broker has been replaced as leader.
 *
 * <p>Failure modes: a HELLO of another version or broker group, or from a position the log no longer holds or
 * never held, is answered with REFUSED naming the problem, and the connection closed; the broker serves on.
 * Thread-safe.
 */
public final class ReplicationServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServer.class);

    private final String brokerName;
    private final ReplicationConfig config;
    private final MessageStore store;
    private final InSyncReplicas replicas;
    private final Supplier<MetadataSnapshot> metadata;
    private final EpochHistory history;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Map<Channel, Session> sessions = new ConcurrentHashMap<>();
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    /** Counts the changes of the tables the metadata snapshot carries that must reach replicas at once. */
    private final AtomicLong metadataVersion = new AtomicLong();
    private volatile Channel serverChannel;
    private volatile boolean closed;

    private ReplicationServer(String brokerName, ReplicationConfig config, MessageStore store, InSyncReplicas replicas,
                              Supplier<MetadataSnapshot> metadata, EpochHistory history, EventLoopGroup boss,
                              EventLoopGroup workers) {
        this.history = history;
        this.brokerName = brokerName;
        this.config = config;
        this.store = store;
        this.replicas = replicas;
        this.metadata = metadata;
        this.boss = boss;
        this.workers = workers;
    }

    /**
     * Binds the listener on {@code bindAddress} and {@code config.port()}.
     *
     * @param metadata takes the snapshot sent to replicas
     * @param history  this leader's epoch history, sent to a replica that asks (EPOCHS); null: none is kept
     */
    public static ReplicationServer start(String brokerName, String bindAddress, ReplicationConfig config,
                                          MessageStore store, InSyncReplicas replicas,
                                          Supplier<MetadataSnapshot> metadata, EpochHistory history)
            throws InterruptedException {
        return start(brokerName, bindAddress, config, store, replicas, metadata, history, null);
    }

    /**
     * Binds the listener on {@code bindAddress} and {@code config.port()}, over mutual TLS when {@code tls} is not
     * null: a replica without a certificate the trusted authorities signed fails its handshake and is not served.
     *
     * @param metadata takes the snapshot sent to replicas
     * @param history  this leader's epoch history, sent to a replica that asks (EPOCHS); null: none is kept
     * @param tls      the stream's TLS, or null for plain TCP
     */
    public static ReplicationServer start(String brokerName, String bindAddress, ReplicationConfig config,
                                          MessageStore store, InSyncReplicas replicas,
                                          Supplier<MetadataSnapshot> metadata, EpochHistory history,
                                          ReplicationTls tls) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("tandem-replication-accept", true), io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("tandem-replication-io", true), io);
        ReplicationServer server = new ReplicationServer(brokerName, config, store, replicas, metadata, history, boss,
                workers);
        int maxFrame = maxFrameLength(config.maxChunkBytes(), store.config().maxRecordSize());
        try {
            server.serverChannel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(config.maxChunkBytes(), 2 * config.maxChunkBytes()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(
                                    new IdleStateHandler(config.peerTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                    new LengthFieldBasedFrameDecoder(maxFrame, 0, LENGTH_FIELD_LENGTH, 0,
                                            LENGTH_FIELD_LENGTH),
                                    server.new Inbound());
                            if (tls != null) {
                                tls.addServerHandler(channel);
                            }
                        }
                    })
                    .bind(new InetSocketAddress(bindAddress, config.port())).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        LOG.info("replication listener of broker group {} at {} ({} replication, min-in-sync {}, {})", brokerName,
                server.serverChannel.localAddress(), config.mode().name().toLowerCase(), config.minInSync(),
                tls != null ? "mutual TLS" : "plain TCP");
        return server;
    }

    /** The port actually bound. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Wakes the senders: the store has more to copy. Cheap; call it from the store's arrival listener. */
    /** A topic, subscription group, user or ACL changed: every replica gets a metadata snapshot now. */
    public void metadataChanged() {
        metadataVersion.incrementAndGet();
        logAdvanced();
    }

    public void logAdvanced() {
        if (progressLock.tryLock()) {
            try {
                progressed.signalAll();
            } finally {
                progressLock.unlock();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        sessions.keySet().forEach(channel -> channel.close().awaitUninterruptibly());
        logAdvanced();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private void refuse(ChannelHandlerContext context, String reason) {
        LOG.warn("refused replica connection from {}: {}", context.channel().remoteAddress(), reason);
        context.writeAndFlush(Frames.withBytes(context.alloc(), REFUSED, config.epoch(),
                reason.getBytes(StandardCharsets.UTF_8))).addListener(ignored -> context.close());
    }

    /** One connected replica and the thread that streams to it. */
    private final class Session {
        final Channel channel;
        final long brokerId;
        final String address;
        volatile long sent;
        volatile long acked;

        Session(Channel channel, long brokerId, long from) {
            this.channel = channel;
            this.brokerId = brokerId;
            this.address = String.valueOf(channel.remoteAddress());
            this.sent = from;
            this.acked = from;
        }

        void run() {
            MemorySegment buffer = MemorySegment.ofArray(
                    new byte[Math.max(config.maxChunkBytes(), store.config().maxRecordSize())]);
            long heartbeatNs = config.heartbeatInterval().toNanos();
            long metadataNs = config.metadataInterval().toNanos();
            long lastSent = System.nanoTime();
            long lastMetadata = lastSent - metadataNs;
            long sentMetadataVersion = -1;
            try {
                while (!closed && channel.isActive()) {
                    long now = System.nanoTime();
                    // Read before the snapshot is taken: a change made while it is taken is sent in the next one.
                    long version = metadataVersion.get();
                    if (now - lastMetadata >= metadataNs || version != sentMetadataVersion) {
                        channel.writeAndFlush(Frames.withBytes(channel.alloc(), METADATA, config.epoch(),
                                metadata.get().toJson()));
                        lastMetadata = now;
                        sentMetadataVersion = version;
                    }
                    if (sent - acked >= config.windowBytes() || !channel.isWritable()) {
                        awaitProgress(1_000_000);
                        continue;
                    }
                    LogChunk chunk = store.readChunk(sent, config.maxChunkBytes(), buffer);
                    if (chunk.isEmpty()) {
                        if (now - lastSent >= heartbeatNs) {
                            channel.writeAndFlush(Frames.chunkHeader(channel.alloc(), config.epoch(), sent, sent,
                                    store.replicablePosition(), 0));
                            lastSent = now;
                        }
                        awaitProgress(Math.min(heartbeatNs, 5_000_000));
                        continue;
                    }
                    ByteBuf frame = Frames.chunkHeader(channel.alloc(), config.epoch(), chunk.position(), chunk.end(),
                            store.replicablePosition(), chunk.length());
                    frame.writeBytes(buffer.asSlice(0, chunk.length()).asByteBuffer());
                    channel.writeAndFlush(frame);
                    sent = chunk.end();
                    lastSent = now;
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.error("replication to replica {} at {} stopped at position {}", brokerId, address, sent, e);
                }
                channel.close();
            }
        }

        private void awaitProgress(long nanos) {
            progressLock.lock();
            try {
                progressed.awaitNanos(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.close();
            } finally {
                progressLock.unlock();
            }
        }
    }

    private final class Inbound extends SimpleChannelInboundHandler<ByteBuf> {

        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
            byte type = frame.readByte();
            long epoch = frame.readLong();
            Session session = sessions.get(context.channel());
            if (session == null) {
                if (type == EPOCHS) {
                    epochs(context);
                    return;
                }
                if (type != HELLO) {
                    refuse(context, "the first frame must be HELLO or EPOCHS, was type " + type);
                    return;
                }
                hello(context, frame, epoch);
                return;
            }
            if (type == ACK) {
                long position = frame.readLong();
                if (position > session.acked) {
                    session.acked = position;
                }
                replicas.acknowledged(session.brokerId, position);
                logAdvanced();
            } else {
                refuse(context, "unexpected frame type " + type + " from a replica");
            }
        }

        private void epochs(ChannelHandlerContext context) {
            if (history == null) {
                refuse(context, "this leader of " + brokerName + " keeps no epoch history (it is not controlled)");
                return;
            }
            List<EpochHistory.Entry> entries = history.entries();
            ByteBuf answer = context.alloc().buffer(LENGTH_FIELD_LENGTH + HEADER_LENGTH + 12 + 16 * entries.size());
            answer.writeInt(HEADER_LENGTH + 12 + 16 * entries.size()).writeByte(EPOCHS).writeLong(config.epoch())
                    .writeLong(store.replicablePosition()).writeInt(entries.size());
            entries.forEach(entry -> answer.writeLong(entry.epoch()).writeLong(entry.startOffset()));
            context.writeAndFlush(answer).addListener(ignored -> context.close());
        }

        private void hello(ChannelHandlerContext context, ByteBuf frame, long epoch) {
            int version = frame.readInt();
            long brokerId = frame.readLong();
            long from = frame.readLong();
            String name = frame.readCharSequence(frame.readUnsignedShort(), StandardCharsets.UTF_8).toString();
            if (version != VERSION) {
                refuse(context, "replication stream version " + version + " is not supported (this leader speaks "
                        + VERSION + ")");
                return;
            }
            if (!name.equals(brokerName)) {
                refuse(context, "this leader leads broker group " + brokerName + ", not " + name);
                return;
            }
            if (brokerId <= 0) {
                refuse(context, "a replica needs a broker id above 0, was " + brokerId);
                return;
            }
            if (epoch > config.epoch()) {
                refuse(context, "replica " + brokerId + " knows leader epoch " + epoch + ", newer than this leader's "
                        + config.epoch() + ": this broker no longer leads " + brokerName);
                return;
            }
            long min = store.status().minPosition();
            long end = store.replicablePosition();
            if (from < min || from > end) {
                refuse(context, "replica " + brokerId + " asks for position " + from + " but this leader's log holds "
                        + min + " to " + end + (from > end ? " (the replica holds more than its leader: its log"
                        + " diverged and must be emptied)" : " (the replica must be emptied and copy from the start)"));
                return;
            }
            Session session = new Session(context.channel(), brokerId, from);
            sessions.put(context.channel(), session);
            replicas.joined(brokerId, session.address, from);
            Thread.ofVirtual().name("tandem-replication-send-" + brokerId).start(session::run);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event instanceof IdleStateEvent) {
                Session session = sessions.get(context.channel());
                LOG.warn("replica {} silent for {}: closing its connection",
                        session != null ? session.brokerId : context.channel().remoteAddress(), config.peerTimeout());
                context.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            Session session = sessions.remove(context.channel());
            if (session != null) {
                replicas.left(session.brokerId, session.address);
            }
            logAdvanced();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            LOG.warn("replica connection {} failed: {}", context.channel().remoteAddress(), cause.toString());
            context.close();
        }
    }
}
