package io.tandem.client;

import io.tandem.client.auth.Credentials;
import io.tandem.client.auth.CredentialsProvider;
import io.tandem.client.remoting.RemotingClientConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Connection settings shared by every Tandem client object (producer, consumers, admin). Immutable; build with
 * {@link #builder(String)}, which validates every setting once and names the one that is wrong.
 *
 * <p>Every client object opens its own connections and has its own client id: when {@code clientId} is null each
 * one generates {@code <ip>@<pid>#<unique number>} (fact sheet 6.2), so one config may be shared by several
 * clients, for example the members of one consumer group in a test.
 *
 * @param nameServerAddresses  name servers, {@code host:port} each, tried from a random start until one answers
 * @param clientId             the id brokers know this client by, or null to generate one per client object
 * @param rpcTimeout           how long a single request waits for its response (pulls wait longer, see the
 *                             consumer configs)
 * @param heartbeatInterval    how often every known broker receives a HEART_BEAT (fact sheet 7.1: 30 s)
 * @param routeRefreshInterval how often the routes of used topics are read from the name server (7.1: 30 s)
 * @param remoting             transport settings (connect timeout, idle time, event loop threads, header encoding)
 * @param clock                time source for born timestamps, subscription versions and lock leases
 * @param credentials          signs every request for brokers and name servers with authentication on (RocketMQ's
 *                             ACL signature), or null to send them unsigned
 * @param traceTopic           the topic message trace records go to (RocketMQ's trace data: {@code Pub} per send,
 *                             {@code SubBefore}/{@code SubAfter} per consumed batch, {@code EndTransaction} per
 *                             transaction decision), or null for no message trace (the default)
 */
public record ClientConfig(List<String> nameServerAddresses, String clientId, Duration rpcTimeout,
                           Duration heartbeatInterval, Duration routeRefreshInterval, RemotingClientConfig remoting,
                           Clock clock, CredentialsProvider credentials, String traceTopic) {

    /** The trace topic of RocketMQ clients with message trace on, and of this client unless another is named. */
    public static final String DEFAULT_TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";

    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ROUTE_REFRESH_INTERVAL = Duration.ofSeconds(30);
    private static final int MAX_TRACE_TOPIC_LENGTH = 127;

    /**
     * @throws IllegalArgumentException if a setting is out of range
     * @throws NullPointerException     if a required setting is null
     */
    public ClientConfig {
        nameServerAddresses = List.copyOf(Objects.requireNonNull(nameServerAddresses, "nameServerAddresses"));
        if (nameServerAddresses.isEmpty()) {
            throw new IllegalArgumentException("nameServerAddresses must hold at least one host:port");
        }
        nameServerAddresses.forEach(ClientConfig::requireHostPort);
        if (clientId != null && (clientId.isBlank() || clientId.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("clientId must not be blank or contain whitespace: '" + clientId + "'");
        }
        requirePositive(rpcTimeout, "rpcTimeout");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(routeRefreshInterval, "routeRefreshInterval");
        Objects.requireNonNull(remoting, "remoting");
        Objects.requireNonNull(clock, "clock");
        if (traceTopic != null && (traceTopic.isEmpty() || traceTopic.length() > MAX_TRACE_TOPIC_LENGTH
                || !traceTopic.chars().allMatch(ClientConfig::isTopicChar))) {
            throw new IllegalArgumentException("traceTopic must be 1 to " + MAX_TRACE_TOPIC_LENGTH
                    + " characters of [A-Za-z0-9_%|-]: '" + traceTopic + "'");
        }
    }

    private static boolean isTopicChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '%'
                || c == '|' || c == '-';
    }

    /** Whether the client objects made with this config write message trace records. */
    public boolean messageTrace() {
        return traceTopic != null;
    }

    /**
     * A builder with the defaults for the given name servers.
     *
     * @param nameServers {@code host:port}, several separated by {@code ;} (as the RocketMQ clients accept them)
     */
    public static Builder builder(String nameServers) {
        return new Builder(parseAddresses(nameServers));
    }

    /** A config with every default for the given name servers ({@code host:port;host:port}). */
    public static ClientConfig of(String nameServers) {
        return builder(nameServers).build();
    }

    public Builder toBuilder() {
        return new Builder(nameServerAddresses)
                .clientId(clientId)
                .rpcTimeout(rpcTimeout)
                .heartbeatInterval(heartbeatInterval)
                .routeRefreshInterval(routeRefreshInterval)
                .remoting(remoting)
                .clock(clock)
                .credentials(credentials)
                .messageTrace(traceTopic);
    }

    private static List<String> parseAddresses(String nameServers) {
        Objects.requireNonNull(nameServers, "nameServers");
        List<String> addresses = new ArrayList<>();
        for (String part : nameServers.split(";")) {
            String address = part.strip();
            if (!address.isEmpty()) {
                addresses.add(address);
            }
        }
        return addresses;
    }

    private static void requireHostPort(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("name server address must be host:port: '" + address + "'");
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("name server port must be in [1, 65535]: '" + address + "'");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("name server address must be host:port: '" + address + "'", e);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** Mutable builder starting from the defaults; not thread-safe. */
    public static final class Builder {

        private final List<String> nameServerAddresses;
        private String clientId;
        private Duration rpcTimeout = DEFAULT_RPC_TIMEOUT;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration routeRefreshInterval = DEFAULT_ROUTE_REFRESH_INTERVAL;
        private RemotingClientConfig remoting = RemotingClientConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private CredentialsProvider credentials;
        private String traceTopic;

        private Builder(List<String> nameServerAddresses) {
            this.nameServerAddresses = nameServerAddresses;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder rpcTimeout(Duration rpcTimeout) {
            this.rpcTimeout = rpcTimeout;
            return this;
        }

        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        public Builder routeRefreshInterval(Duration routeRefreshInterval) {
            this.routeRefreshInterval = routeRefreshInterval;
            return this;
        }

        public Builder remoting(RemotingClientConfig remoting) {
            this.remoting = remoting;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Signs every request with these credentials, or none when null. */
        public Builder credentials(CredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Signs every request as {@code accessKey} with {@code secretKey}. */
        public Builder credentials(String accessKey, String secretKey) {
            return credentials(CredentialsProvider.of(Credentials.of(accessKey, secretKey)));
        }

        /** Writes message trace records to {@value ClientConfig#DEFAULT_TRACE_TOPIC}. */
        public Builder messageTrace() {
            return messageTrace(DEFAULT_TRACE_TOPIC);
        }

        /** Writes message trace records to {@code traceTopic}, or none when null. */
        public Builder messageTrace(String traceTopic) {
            this.traceTopic = traceTopic;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException naming the setting that is invalid */
        public ClientConfig build() {
            return new ClientConfig(nameServerAddresses, clientId, rpcTimeout, heartbeatInterval,
                    routeRefreshInterval, remoting, clock, credentials, traceTopic);
        }
    }
}
