package io.tandem.protocol.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal reader of classic libpcap files (not pcapng): global header, then records of (timestamp, captured length,
 * original length, bytes). Handles both byte orders and both timestamp resolutions. Test-only.
 */
final class PcapReader {

    /** Link-layer types this test reader can strip. */
    static final int LINKTYPE_NULL = 0;
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LINUX_SLL = 113;

    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int GLOBAL_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;

    record Packet(long timestampNanos, byte[] linkLayerBytes) {
    }

    record Capture(int linkType, List<Packet> packets) {
    }

    private PcapReader() {
    }

    static Capture read(byte[] file) {
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = buffer.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            buffer.order(ByteOrder.BIG_ENDIAN);
            magic = buffer.getInt(0);
        }
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            throw new IllegalArgumentException("not a libpcap file, magic 0x" + Integer.toHexString(magic));
        }
        long fractionToNanos = magic == MAGIC_NANOS ? 1 : 1_000;
        int linkType = buffer.getInt(20);
        List<Packet> packets = new ArrayList<>();
        int position = GLOBAL_HEADER_LENGTH;
        while (position + RECORD_HEADER_LENGTH <= file.length) {
            long seconds = Integer.toUnsignedLong(buffer.getInt(position));
            long fraction = Integer.toUnsignedLong(buffer.getInt(position + 4));
            int capturedLength = buffer.getInt(position + 8);
            position += RECORD_HEADER_LENGTH;
            if (capturedLength < 0 || position + capturedLength > file.length) {
                throw new IllegalArgumentException("pcap record at " + position + " runs past the end of the file");
            }
            byte[] bytes = new byte[capturedLength];
            System.arraycopy(file, position, bytes, 0, capturedLength);
            packets.add(new Packet(seconds * 1_000_000_000L + fraction * fractionToNanos, bytes));
            position += capturedLength;
        }
        return new Capture(linkType, packets);
    }
}
