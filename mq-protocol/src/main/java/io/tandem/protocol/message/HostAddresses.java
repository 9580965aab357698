package io.tandem.protocol.message;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Raw IP address bytes to and from {@link InetAddress}, without name lookups. */
final class HostAddresses {

    private HostAddresses() {
    }

    /**
     * The address for 4 or 16 raw bytes. Sixteen bytes always give an IPv6 address, even an IPv4-mapped one, so
     * that re-encoding writes the same 16 bytes.
     *
     * @throws UnknownHostException if the length is neither 4 nor 16
     */
    static InetAddress fromBytes(byte[] address) throws UnknownHostException {
        if (address.length == MessageDescriptor.IPV6_ADDRESS_LENGTH) {
            return Inet6Address.getByAddress(null, address, -1);
        }
        return InetAddress.getByAddress(address);
    }
}
