package io.tandem.protocol.message;

import io.tandem.protocol.ProtocolException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The unique client message id carried in property UNIQ_KEY (fact sheet 4.3), which Java consumers report as the
 * message id and brokers use as transaction id: upper-case hex of
 *
 * <pre>
 *   +-------------------------+-----------+-------------------------+---------------------------+---------+
 *   | client address (4|16 B) | pid (i16) | class-loader hash (i32) | ms since month start (i32)| counter |
 *   |                         |           |                         |                           | (i16)   |
 *   +-------------------------+-----------+-------------------------+---------------------------+---------+
 * </pre>
 *
 * 32 hex characters for IPv4 and 56 for IPv6. Brokers only pass keys through, or create one with
 * {@link UniqueKeyGenerator} for a message that arrived without; nothing relies on parsing them, so a key that does
 * not parse is not an error on the wire.
 *
 * @param clientAddress      producer's address
 * @param processId          low 16 bits of the producer's process id
 * @param classLoaderHash    identity hash of the producer's class loader (distinguishes instances in one process)
 * @param msSinceMonthStart  creation time, ms since the start of the producer's current month
 * @param counter            per-producer sequence number (wraps)
 */
public record UniqueKey(InetAddress clientAddress, short processId, int classLoaderHash, int msSinceMonthStart,
                        short counter) {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int SUFFIX_LENGTH = Short.BYTES + Integer.BYTES + Integer.BYTES + Short.BYTES;

    public UniqueKey {
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** The key's text. */
    public String format() {
        byte[] address = clientAddress.getAddress();
        ByteBuffer bytes = ByteBuffer.allocate(address.length + SUFFIX_LENGTH);
        bytes.put(address).putShort(processId).putInt(classLoaderHash).putInt(msSinceMonthStart).putShort(counter);
        return HEX.formatHex(bytes.array());
    }

    /**
     * Parses a key.
     *
     * @throws ProtocolException if the text is not 32 or 56 hex digits
     */
    public static UniqueKey parse(String key) {
        int ipv4Length = 2 * (MessageDescriptor.IPV4_ADDRESS_LENGTH + SUFFIX_LENGTH);
        int ipv6Length = 2 * (MessageDescriptor.IPV6_ADDRESS_LENGTH + SUFFIX_LENGTH);
        if (key == null || (key.length() != ipv4Length && key.length() != ipv6Length)) {
            throw new ProtocolException("unique key must be " + ipv4Length + " or " + ipv6Length
                    + " hex digits, got '" + key + "'");
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(key);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("unique key is not hexadecimal: '" + key + "'", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] address = new byte[bytes.length - SUFFIX_LENGTH];
        buffer.get(address);
        try {
            return new UniqueKey(HostAddresses.fromBytes(address), buffer.getShort(), buffer.getInt(),
                    buffer.getInt(), buffer.getShort());
        } catch (UnknownHostException e) {
            throw new ProtocolException("unique key '" + key + "' has no valid address", e);
        }
    }

    @Override
    public String toString() {
        return format();
    }
}
