package io.tandem.server.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a broker takes part in a cluster: whether it runs a name server of its own, which other name servers it
 * registers with and how often, and how the embedded name server treats the brokers that register with it.
 * Immutable; validated when built.
 *
 * @param embeddedNameServer whether the broker's process also runs a name server (on the broker configuration's
 *                           name-server port) that routes this broker without a network round trip
 * @param nameServers        {@code host:port} of every other name server to register with; a broker without an
 *                           embedded name server needs at least one
 * @param registrationInterval how often the broker registers again (renewing its lease); a topic change registers at
 *                           once
 * @param registrationTimeout  longest wait for a name server's answer to one registration or unregistration
 * @param brokerExpiry       the embedded name server forgets a broker it has not heard from for this long (must be
 *                           longer than the registration interval when there is an embedded name server)
 * @param expiryScanInterval how often the embedded name server looks for silent brokers
 */
public record ClusterConfig(boolean embeddedNameServer, List<String> nameServers, Duration registrationInterval,
                            Duration registrationTimeout, Duration brokerExpiry, Duration expiryScanInterval) {

    /** Register again every 30 s, as the reference broker does. */
    public static final Duration DEFAULT_REGISTRATION_INTERVAL = Duration.ofSeconds(30);
    /** Forget a broker silent for 120 s, as the reference name server does. */
    public static final Duration DEFAULT_BROKER_EXPIRY = Duration.ofSeconds(120);
    /** Look for silent brokers every 5 s, as the reference name server does. */
    public static final Duration DEFAULT_EXPIRY_SCAN_INTERVAL = Duration.ofSeconds(5);
    /** Wait up to 3 s for a name server to answer. */
    public static final Duration DEFAULT_REGISTRATION_TIMEOUT = Duration.ofSeconds(3);

    /** The embedded default: one process, its own name server, no other. */
    public static final ClusterConfig EMBEDDED = new ClusterConfig(true, List.of(), DEFAULT_REGISTRATION_INTERVAL,
            DEFAULT_REGISTRATION_TIMEOUT, DEFAULT_BROKER_EXPIRY, DEFAULT_EXPIRY_SCAN_INTERVAL);

    public ClusterConfig {
        nameServers = List.copyOf(Objects.requireNonNull(nameServers, "nameServers"));
        nameServers.forEach(ClusterConfig::requireHostPort);
        if (!embeddedNameServer && nameServers.isEmpty()) {
            throw new IllegalArgumentException("nameServers must list at least one host:port when the broker runs"
                    + " no name server of its own");
        }
        if (nameServers.size() != nameServers.stream().distinct().count()) {
            throw new IllegalArgumentException("nameServers lists a name server twice: " + nameServers);
        }
        requirePositive(registrationInterval, "registrationInterval");
        requirePositive(registrationTimeout, "registrationTimeout");
        requirePositive(brokerExpiry, "brokerExpiry");
        requirePositive(expiryScanInterval, "expiryScanInterval");
        if (embeddedNameServer && brokerExpiry.compareTo(registrationInterval) <= 0) {
            throw new IllegalArgumentException("brokerExpiry (" + brokerExpiry + ") must be longer than"
                    + " registrationInterval (" + registrationInterval + "), or brokers expire between registrations");
        }
    }

    /**
     * Parses a name-server list as RocketMQ accepts it: {@code host:port} entries separated by {@code ;} (commas and
     * blanks tolerated); empty text gives an empty list.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code host:port}
     */
    public static List<String> parseNameServers(String text) {
        List<String> addresses = new ArrayList<>();
        if (text == null) {
            return addresses;
        }
        for (String part : text.split("[;,\\s]+")) {
            if (!part.isBlank()) {
                requireHostPort(part);
                addresses.add(part);
            }
        }
        return addresses;
    }

    /** A builder starting from the embedded default. */
    public static Builder builder() {
        return new Builder(EMBEDDED);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireHostPort(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("name server '" + address + "' is not host:port");
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("name server '" + address + "' has port " + port
                        + ", not in [1, 65535]");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("name server '" + address + "' has no numeric port");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || !value.isPositive()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private boolean embeddedNameServer;
        private List<String> nameServers;
        private Duration registrationInterval;
        private Duration registrationTimeout;
        private Duration brokerExpiry;
        private Duration expiryScanInterval;

        private Builder(ClusterConfig from) {
            this.embeddedNameServer = from.embeddedNameServer;
            this.nameServers = from.nameServers;
            this.registrationInterval = from.registrationInterval;
            this.registrationTimeout = from.registrationTimeout;
            this.brokerExpiry = from.brokerExpiry;
            this.expiryScanInterval = from.expiryScanInterval;
        }

        public Builder embeddedNameServer(boolean embeddedNameServer) {
            this.embeddedNameServer = embeddedNameServer;
            return this;
        }

        public Builder nameServers(List<String> nameServers) {
            this.nameServers = nameServers;
            return this;
        }

        /** The name servers as {@code host:port;host:port} (see {@link #parseNameServers}). */
        public Builder nameServers(String nameServers) {
            this.nameServers = parseNameServers(nameServers);
            return this;
        }

        public Builder registrationInterval(Duration registrationInterval) {
            this.registrationInterval = registrationInterval;
            return this;
        }

        public Builder registrationTimeout(Duration registrationTimeout) {
            this.registrationTimeout = registrationTimeout;
            return this;
        }

        public Builder brokerExpiry(Duration brokerExpiry) {
            this.brokerExpiry = brokerExpiry;
            return this;
        }

        public Builder expiryScanInterval(Duration expiryScanInterval) {
            this.expiryScanInterval = expiryScanInterval;
            return this;
        }

        public ClusterConfig build() {
            return new ClusterConfig(embeddedNameServer, nameServers, registrationInterval, registrationTimeout,
                    brokerExpiry, expiryScanInterval);
        }
    }
}
