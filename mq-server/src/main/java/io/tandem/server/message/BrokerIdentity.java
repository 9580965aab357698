package io.tandem.server.message;

import io.tandem.protocol.message.OffsetMessageId;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Who this broker is to clients: its cluster and broker names and the address it advertises (in routes and in
 * offset message ids, which clients decode to find the broker again).
 */
public record BrokerIdentity(String clusterName, String brokerName, InetSocketAddress address) {

    public BrokerIdentity {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(address, "address");
    }

    /** "host:port" as clients connect to it. */
    public String addressText() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The offset message id of the record at {@code position}. */
    public String offsetMessageId(long position) {
        return OffsetMessageId.encode(address, position);
    }
}
