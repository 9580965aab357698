package io.tandem.server.controller;

import java.util.Objects;

/**
 * Where a member of a broker group serves clients and replicates, as the controller keeps it in
 * {@link GroupState#members()}: {@code brokerHost:port/replicationHost:port}.
 *
 * @param brokerAddress      {@code host:port} clients send to
 * @param replicationAddress {@code host:port} of the member's replication listener
 */
public record MemberAddresses(String brokerAddress, String replicationAddress) {

    private static final char SEPARATOR = '/';

    public MemberAddresses {
        Objects.requireNonNull(brokerAddress, "brokerAddress");
        Objects.requireNonNull(replicationAddress, "replicationAddress");
    }

    /** The text kept by the controller. */
    public String text() {
        return brokerAddress + SEPARATOR + replicationAddress;
    }

    /** Reads {@link #text()}; a text without a replication address stands for both. */
    public static MemberAddresses parse(String text) {
        int separator = text.indexOf(SEPARATOR);
        return separator < 0 ? new MemberAddresses(text, text)
                : new MemberAddresses(text.substring(0, separator), text.substring(separator + 1));
    }
}
