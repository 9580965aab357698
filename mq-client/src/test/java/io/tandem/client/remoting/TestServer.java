package io.tandem.client.remoting;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.SerializeType;
import io.tandem.protocol.frame.FrameDecoder;
import io.tandem.protocol.frame.FrameDescriptor;
import io.tandem.protocol.frame.FrameEncoder;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A tiny remoting server on 127.0.0.1 and a random free port, using the mq-protocol codec. Every decoded command is
 * queued in {@link #received}, then handed to the handler (on the server's single event loop thread).
 */
final class TestServer implements AutoCloseable {

    final BlockingQueue<RemotingCommand> received = new LinkedBlockingQueue<>();
    final List<Channel> accepted = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel serverChannel;

    TestServer(BiConsumer<Channel, RemotingCommand> handler) {
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accepted.add(channel);
                        channel.pipeline().addLast(
                                new LengthFieldBasedFrameDecoder(FrameDescriptor.MAX_FRAME_LENGTH, 0, 4, 0, 4),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        RemotingCommand command = FrameDecoder.decode(frame);
                                        received.add(command);
                                        handler.accept(ctx.channel(), command);
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    Channel lastAccepted() {
        return accepted.get(accepted.size() - 1);
    }

    static void send(Channel channel, RemotingCommand command) {
        ByteBuf out = channel.alloc().buffer();
        FrameEncoder.encode(command, SerializeType.JSON, out);
        channel.writeAndFlush(out);
    }

    static void sendRaw(Channel channel, byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    RemotingCommand take() throws InterruptedException {
        RemotingCommand command = received.poll(5, TimeUnit.SECONDS);
        if (command == null) {
            throw new AssertionError("server received nothing within 5 s");
        }
        return command;
    }

    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        accepted.forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
