package io.tandem.server.replication;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
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
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tandem.server.tls.ReplicationTls;
import io.tandem.store.MessageStore;
import io.tandem.store.LogChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.tandem.server.replication.ReplicationDescriptor.*;

/**
 * A replica's side of the replication stream: connects to its leader, asks for the log from the end of its own,
 * appends every chunk at the same positions ({@link MessageStore#appendChunk}, which verifies it) and acknowledges
 * each once it is as durable as its own store promises. Consume queues follow, so the replica serves reads. It
 * applies the leader's metadata snapshots, answers heartbeats, and reconnects after {@code reconnectDelay} whenever
 * the connection closes, resuming from its log's end.
 *
 * <p>Failure modes: a chunk that does not fit (another position, a damaged record) closes the connection and is
 * logged; the next connection resumes from the replica's end. A leader that refuses the replica is logged with its
 * reason and asked again after the delay. Thread-safe.
 */
public final class ReplicaClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaClient.class);

    private final String brokerName;
    private final ReplicationConfig config;
    private final MessageStore store;
    private final Consumer<MetadataSnapshot> metadata;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private volatile Channel channel;
    private volatile boolean closed;
    private volatile long leaderEnd;
    private volatile long highestEpoch;
    private volatile String lastRefusal;

    /** @param metadata applies the leader's metadata snapshots */
    public ReplicaClient(String brokerName, ReplicationConfig config, MessageStore store,
                         Consumer<MetadataSnapshot> metadata) {
        this(brokerName, config, store, metadata, null);
    }

    /**
     * @param metadata applies the leader's metadata snapshots
     * @param tls      the stream's TLS (the replica presents its certificate and checks the leader's), or null for
     *                 plain TCP
     */
    public ReplicaClient(String brokerName, ReplicationConfig config, MessageStore store,
                         Consumer<MetadataSnapshot> metadata, ReplicationTls tls) {
        if (!config.replica() || config.awaitingLeader()) {
            throw new IllegalArgumentException("broker id " + config.brokerId() + " with leader address "
                    + config.leaderAddress() + " is not a replica's with a leader");
        }
        this.brokerName = brokerName;
        this.config = config;
        this.store = store;
        this.metadata = metadata;
        this.highestEpoch = config.epoch();
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tandem-replica", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        int maxFrame = maxFrameLength(config.maxChunkBytes(), store.config().maxRecordSize());
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.peerTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new IdleStateHandler(config.peerTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                new LengthFieldBasedFrameDecoder(maxFrame, 0, LENGTH_FIELD_LENGTH, 0,
                                        LENGTH_FIELD_LENGTH),
                                new Inbound());
                        if (tls != null) {
                            String address = config.leaderAddress();
                            int colon = address.lastIndexOf(':');
                            tls.addClientHandler(channel, address.substring(0, colon),
                                    Integer.parseInt(address.substring(colon + 1)));
                        }
                    }
                });
    }

    /** Starts copying; connection failures are retried in the background. */
    public void start() {
        connect();
    }

    /** True while connected to the leader. */
    public boolean connected() {
        Channel current = channel;
        return current != null && current.isActive();
    }

    /** The leader's replicable end as last heard; the replica's lag is this minus its own end. */
    public long leaderEnd() {
        return leaderEnd;
    }

    /** Why the leader last refused this replica, or null. */
    public String lastRefusal() {
        return lastRefusal;
    }

    private void connect() {
        if (closed) {
            return;
        }
        String address = config.leaderAddress();
        int colon = address.lastIndexOf(':');
        bootstrap.connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                .addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        LOG.debug("cannot reach leader {} of {}: {}", address, brokerName,
                                connected.cause().toString());
                        reconnectLater();
                        return;
                    }
                    Channel opened = connected.channel();
                    channel = opened;
                    opened.closeFuture().addListener(ignored -> reconnectLater());
                    long from = store.status().writePosition();
                    LOG.info("replica {} of {} connected to leader {}, copying from position {}", config.brokerId(),
                            brokerName, address, from);
                    opened.writeAndFlush(Frames.hello(opened.alloc(), highestEpoch, config.brokerId(), from,
                            brokerName));
                });
    }

    private void reconnectLater() {
        if (!closed) {
            group.schedule(this::connect, config.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        Channel current = channel;
        if (current != null) {
            current.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private final class Inbound extends SimpleChannelInboundHandler<ByteBuf> {

        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf frame) {
            byte type = frame.readByte();
            long epoch = frame.readLong();
            if (epoch < highestEpoch) {
                LOG.warn("replica {} of {}: leader {} sends epoch {}, older than epoch {}: closing", config.brokerId(),
                        brokerName, config.leaderAddress(), epoch, highestEpoch);
                context.close();
                return;
            }
            highestEpoch = epoch;
            switch (type) {
                case CHUNK -> chunk(context, frame, epoch);
                case METADATA -> {
                    byte[] json = new byte[frame.readableBytes()];
                    frame.readBytes(json);
                    try {
                        metadata.accept(MetadataSnapshot.fromJson(json));
                    } catch (RuntimeException e) {
                        LOG.error("replica {} of {} cannot apply the leader's metadata", config.brokerId(),
                                brokerName, e);
                    }
                }
                case REFUSED -> {
                    lastRefusal = frame.readCharSequence(frame.readableBytes(), StandardCharsets.UTF_8).toString();
                    LOG.error("leader {} refused replica {} of {}: {}", config.leaderAddress(), config.brokerId(),
                            brokerName, lastRefusal);
                    context.close();
                }
                default -> {
                    LOG.warn("replica {} of {}: unexpected frame type {} from the leader: closing", config.brokerId(),
                            brokerName, type);
                    context.close();
                }
            }
        }

        private void chunk(ChannelHandlerContext context, ByteBuf frame, long epoch) {
            long position = frame.readLong();
            long end = frame.readLong();
            leaderEnd = frame.readLong();
            int length = frame.readInt();
            Channel current = context.channel();
            if (position == end && length == 0) {
                current.writeAndFlush(Frames.ack(current.alloc(), epoch, store.status().durablePosition()));
                return;
            }
            byte[] bytes = new byte[length];
            frame.readBytes(bytes);
            LogChunk chunk;
            try {
                chunk = new LogChunk(position, end, length);
            } catch (IllegalArgumentException e) {
                LOG.error("replica {} of {}: malformed chunk from the leader: {}", config.brokerId(), brokerName,
                        e.getMessage());
                context.close();
                return;
            }
            store.appendChunk(chunk, MemorySegment.ofArray(bytes)).whenComplete((durableEnd, failure) -> {
                if (failure != null) {
                    LOG.error("replica {} of {} cannot append the leader's chunk at {}: {}", config.brokerId(),
                            brokerName, position, failure.getMessage());
                    current.close();
                    return;
                }
                current.writeAndFlush(Frames.ack(current.alloc(), epoch, durableEnd));
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event instanceof IdleStateEvent) {
                LOG.warn("replica {} of {}: leader {} silent for {}: reconnecting", config.brokerId(), brokerName,
                        config.leaderAddress(), config.peerTimeout());
                context.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            LOG.warn("replica {} of {}: connection to leader {} failed: {}", config.brokerId(), brokerName,
                    config.leaderAddress(), cause.toString());
            context.close();
        }
    }
}
