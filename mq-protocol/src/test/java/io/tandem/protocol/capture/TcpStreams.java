package io.tandem.protocol.capture;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembles the TCP byte streams of a capture, one per connection and direction, by sequence number: segments are
 * ordered relative to the initial sequence number of the SYN, retransmitted and overlapping bytes are dropped, and a
 * hole in the sequence space fails loudly (a capture with lost segments cannot be a test vector). Test-only.
 */
final class TcpStreams {

    /** One direction of one connection. */
    record Direction(InetAddress source, int sourcePort, InetAddress destination, int destinationPort) {

        @Override
        public String toString() {
            return source.getHostAddress() + ":" + sourcePort + " -> " + destination.getHostAddress() + ":"
                    + destinationPort;
        }
    }

    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int SLL_HEADER_LENGTH = 16;
    private static final int IPV4 = 4;
    private static final int IPV6 = 6;
    private static final int PROTOCOL_TCP = 6;
    private static final int TCP_FLAG_SYN = 0x02;

    private TcpStreams() {
    }

    private static final class Segments {
        Long initialSequence;
        final Map<Long, byte[]> bySequence = new LinkedHashMap<>();
    }

    /** The reassembled bytes of every direction, in order of first appearance. */
    static Map<Direction, byte[]> reassemble(PcapReader.Capture capture) {
        Map<Direction, Segments> segments = new LinkedHashMap<>();
        for (PcapReader.Packet packet : capture.packets()) {
            ByteBuffer ip = stripLinkLayer(capture.linkType(), packet.linkLayerBytes());
            if (ip == null) {
                continue;
            }
            addTcpSegment(ip, segments);
        }
        Map<Direction, byte[]> streams = new LinkedHashMap<>();
        segments.forEach((direction, parts) -> streams.put(direction, concatenate(direction, parts)));
        return streams;
    }

    private static ByteBuffer stripLinkLayer(int linkType, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int offset;
        int etherType;
        switch (linkType) {
            case PcapReader.LINKTYPE_ETHERNET -> {
                offset = ETHERNET_HEADER_LENGTH;
                etherType = buffer.getShort(12) & 0xFFFF;
            }
            case PcapReader.LINKTYPE_LINUX_SLL -> {
                offset = SLL_HEADER_LENGTH;
                etherType = buffer.getShort(14) & 0xFFFF;
            }
            case PcapReader.LINKTYPE_NULL -> {
                offset = 4;
                etherType = -1;
            }
            case PcapReader.LINKTYPE_RAW -> {
                offset = 0;
                etherType = -1;
            }
            default -> throw new IllegalArgumentException("unsupported link type " + linkType);
        }
        if (etherType != -1 && etherType != 0x0800 && etherType != 0x86DD) {
            return null;
        }
        return ByteBuffer.wrap(bytes, offset, bytes.length - offset).slice();
    }

    private static void addTcpSegment(ByteBuffer ip, Map<Direction, Segments> segments) {
        int version = (ip.get(0) & 0xF0) >>> 4;
        int tcpOffset;
        int ipEnd;
        InetAddress source;
        InetAddress destination;
        if (version == IPV4) {
            int headerLength = (ip.get(0) & 0x0F) * 4;
            if ((ip.get(9) & 0xFF) != PROTOCOL_TCP) {
                return;
            }
            ipEnd = ip.getShort(2) & 0xFFFF;
            source = address(ip, 12, 4);
            destination = address(ip, 16, 4);
            tcpOffset = headerLength;
        } else if (version == IPV6) {
            if ((ip.get(6) & 0xFF) != PROTOCOL_TCP) {
                return;
            }
            ipEnd = 40 + (ip.getShort(4) & 0xFFFF);
            source = address(ip, 8, 16);
            destination = address(ip, 24, 16);
            tcpOffset = 40;
        } else {
            return;
        }
        int sourcePort = ip.getShort(tcpOffset) & 0xFFFF;
        int destinationPort = ip.getShort(tcpOffset + 2) & 0xFFFF;
        long sequence = Integer.toUnsignedLong(ip.getInt(tcpOffset + 4));
        int tcpHeaderLength = ((ip.get(tcpOffset + 12) & 0xF0) >>> 4) * 4;
        int flags = ip.get(tcpOffset + 13) & 0xFF;
        Direction direction = new Direction(source, sourcePort, destination, destinationPort);
        Segments parts = segments.computeIfAbsent(direction, d -> new Segments());
        if ((flags & TCP_FLAG_SYN) != 0) {
            parts.initialSequence = (sequence + 1) & 0xFFFF_FFFFL;
        }
        int payloadStart = tcpOffset + tcpHeaderLength;
        int payloadLength = Math.min(ipEnd, ip.limit()) - payloadStart;
        if (payloadLength > 0) {
            byte[] payload = new byte[payloadLength];
            ip.get(payloadStart, payload);
            byte[] previous = parts.bySequence.get(sequence);
            if (previous == null || previous.length < payloadLength) {
                parts.bySequence.put(sequence, payload);
            }
        }
    }

    private static byte[] concatenate(Direction direction, Segments parts) {
        if (parts.bySequence.isEmpty()) {
            return new byte[0];
        }
        long base = parts.initialSequence != null
                ? parts.initialSequence : parts.bySequence.keySet().iterator().next();
        TreeMap<Long, byte[]> ordered = new TreeMap<>();
        parts.bySequence.forEach((sequence, payload) -> ordered.put((sequence - base) & 0xFFFF_FFFFL, payload));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = 0;
        for (Map.Entry<Long, byte[]> segment : ordered.entrySet()) {
            long start = segment.getKey();
            byte[] payload = segment.getValue();
            if (start > next) {
                throw new IllegalStateException(direction + ": " + (start - next) + " bytes missing at stream offset "
                        + next);
            }
            int skip = (int) (next - start);
            if (skip < payload.length) {
                out.write(payload, skip, payload.length - skip);
                next = start + payload.length;
            }
        }
        return out.toByteArray();
    }

    private static InetAddress address(ByteBuffer ip, int offset, int length) {
        byte[] bytes = new byte[length];
        ip.get(offset, bytes);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lists directions whose stream is not empty. */
    static List<Direction> nonEmpty(Map<Direction, byte[]> streams) {
        List<Direction> result = new ArrayList<>();
        streams.forEach((direction, bytes) -> {
            if (bytes.length > 0) {
                result.add(direction);
            }
        });
        return result;
    }
}
