package io.tandem.protocol.message;

import io.tandem.protocol.ProtocolException;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The broker-assigned "offset message id" (fact sheet 4.3): upper-case hex of the store host's address (4 or 16
 * bytes), its port (int32) and the record's commit-log offset (int64), 32 hex characters for IPv4 and 56 for IPv6.
 * Clients use it to find the broker (VIEW_MESSAGE_BY_ID goes to the address inside) and the record
 * (END_TRANSACTION), so the address must be one clients can reach.
 *
 * <pre>
 *   +---------------------------+--------------+--------------------------+
 *   | store address (4 | 16 B)  | port (int32) | commit-log offset (int64)|
 *   +---------------------------+--------------+--------------------------+
 * </pre>
 *
 * @param storeHost       broker address (resolved)
 * @param commitLogOffset position of the record in the broker's commit log
 */
public record OffsetMessageId(InetSocketAddress storeHost, long commitLogOffset) {

    /** Hex length of an id with an IPv4 address. */
    public static final int IPV4_ID_LENGTH = 32;
    /** Hex length of an id with an IPv6 address. */
    public static final int IPV6_ID_LENGTH = 56;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    public OffsetMessageId {
        Objects.requireNonNull(storeHost, "storeHost");
        if (storeHost.getAddress() == null) {
            throw new IllegalArgumentException("storeHost must be a resolved address: " + storeHost);
        }
    }

    /** The id's text. */
    public String encode() {
        return encode(storeHost, commitLogOffset);
    }

    /** The offset message id of a record stored at {@code commitLogOffset} by the broker at {@code storeHost}. */
    public static String encode(InetSocketAddress storeHost, long commitLogOffset) {
        byte[] address = storeHost.getAddress().getAddress();
        ByteBuffer bytes = ByteBuffer.allocate(address.length + Integer.BYTES + Long.BYTES);
        bytes.put(address).putInt(storeHost.getPort()).putLong(commitLogOffset);
        return HEX.formatHex(bytes.array());
    }

    /**
     * Parses an id (hex digits in either case).
     *
     * @throws ProtocolException if the text is not 32 or 56 hex digits or the port is outside 0..65535
     */
    public static OffsetMessageId decode(String id) {
        if (id == null || (id.length() != IPV4_ID_LENGTH && id.length() != IPV6_ID_LENGTH)) {
            throw new ProtocolException("offset message id must be " + IPV4_ID_LENGTH + " or " + IPV6_ID_LENGTH
                    + " hex digits, got " + (id == null ? "null" : id.length() + ": '" + id + "'"));
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(id);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("offset message id is not hexadecimal: '" + id + "'", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] address = new byte[bytes.length - Integer.BYTES - Long.BYTES];
        buffer.get(address);
        int port = buffer.getInt();
        long offset = buffer.getLong();
        if (port < 0 || port > 0xFFFF) {
            throw new ProtocolException("offset message id '" + id + "' holds port " + port
                    + ", outside 0..65535");
        }
        try {
            return new OffsetMessageId(new InetSocketAddress(HostAddresses.fromBytes(address), port), offset);
        } catch (UnknownHostException e) {
            throw new ProtocolException("offset message id '" + id + "' has no valid address", e);
        }
    }

    @Override
    public String toString() {
        return encode();
    }
}
