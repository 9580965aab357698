package io.tandem.server.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

import static io.tandem.server.replication.ReplicationDescriptor.*;

/** Writes the frames of {@link ReplicationDescriptor}; the frame decoder strips the length field on reading. */
final class Frames {

    private Frames() {
    }

    static ByteBuf hello(ByteBufAllocator alloc, long epoch, long brokerId, long from, String brokerName) {
        byte[] name = brokerName.getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = start(alloc, HELLO, epoch, 4 + 8 + 8 + 2 + name.length);
        frame.writeInt(VERSION).writeLong(brokerId).writeLong(from).writeShort(name.length).writeBytes(name);
        return frame;
    }

    static ByteBuf chunkHeader(ByteBufAllocator alloc, long epoch, long position, long end, long leaderEnd,
                               int length) {
        ByteBuf frame = start(alloc, CHUNK, epoch, CHUNK_HEADER_LENGTH + length);
        frame.writeLong(position).writeLong(end).writeLong(leaderEnd).writeInt(length);
        return frame;
    }

    static ByteBuf ack(ByteBufAllocator alloc, long epoch, long position) {
        ByteBuf frame = start(alloc, ACK, epoch, 8);
        frame.writeLong(position);
        return frame;
    }

    static ByteBuf withBytes(ByteBufAllocator alloc, byte type, long epoch, byte[] body) {
        ByteBuf frame = start(alloc, type, epoch, body.length);
        frame.writeBytes(body);
        return frame;
    }

    private static ByteBuf start(ByteBufAllocator alloc, byte type, long epoch, int bodyLength) {
        ByteBuf frame = alloc.buffer(LENGTH_FIELD_LENGTH + HEADER_LENGTH + bodyLength);
        frame.writeInt(HEADER_LENGTH + bodyLength).writeByte(type).writeLong(epoch);
        return frame;
    }
}
