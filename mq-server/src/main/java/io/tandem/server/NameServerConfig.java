package io.tandem.server;

import io.tandem.server.auth.AuthConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.controller.ControllerConfig;
import io.tandem.server.tls.TlsConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a stand-alone {@link NameServer} is configured with. Immutable; build with {@link #builder()}, which
 * validates every setting once and names the one that is wrong.
 *
 * @param bindAddress        address the listener binds to
 * @param advertisedHost     host brokers and clients are told to reach it at (its {@link NameServer#address()})
 * @param port               listener port; 0 picks a free port
 * @param brokerExpiry       a broker not heard from for this long leaves the routes (unless it asked for its own
 *                           timeout when registering)
 * @param expiryScanInterval how often silent brokers are looked for
 * @param channelExpiry      connections idle for this long are closed
 * @param clock              drives broker expiry
 * @param auth               the broker's authentication settings; the name server does not authenticate, so only
 *                           {@link AuthConfig#allowInsecure()} counts: it lets the listener bind beyond loopback
 * @param tls                TLS of the listener, as the broker's listeners have it (its
 *                           {@link TlsConfig#nameServerClient()} does not apply: a name server connects to no one)
 * @param controller         this name server's peer of the controller quorum, or null when it runs none
 */
public record NameServerConfig(String bindAddress, String advertisedHost, int port, Duration brokerExpiry,
                               Duration expiryScanInterval, Duration channelExpiry, Clock clock, AuthConfig auth,
                               TlsConfig tls, ControllerConfig controller) {

    public NameServerConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        if (advertisedHost == null || advertisedHost.isBlank()) {
            throw new IllegalArgumentException("advertisedHost must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        requirePositive(brokerExpiry, "brokerExpiry");
        requirePositive(expiryScanInterval, "expiryScanInterval");
        requirePositive(channelExpiry, "channelExpiry");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
    }

    /** Builder with the defaults: 127.0.0.1:9876 without TLS, brokers expire after 120 s, scanned every 5 s. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || !value.isPositive()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private String advertisedHost = "127.0.0.1";
        private int port = 9876;
        private Duration brokerExpiry = ClusterConfig.DEFAULT_BROKER_EXPIRY;
        private Duration expiryScanInterval = ClusterConfig.DEFAULT_EXPIRY_SCAN_INTERVAL;
        private Duration channelExpiry = Duration.ofSeconds(120);
        private Clock clock = Clock.systemUTC();
        private AuthConfig auth = AuthConfig.DISABLED;
        private TlsConfig tls = TlsConfig.DISABLED;
        private ControllerConfig controller;

        private Builder() {
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder advertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A free port chosen by the OS (tests). */
        public Builder randomPort() {
            this.port = 0;
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

        public Builder channelExpiry(Duration channelExpiry) {
            this.channelExpiry = channelExpiry;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder auth(AuthConfig auth) {
            this.auth = auth;
            return this;
        }

        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** Runs a peer of the controller quorum in this name server; null (the default) runs none. */
        public Builder controller(ControllerConfig controller) {
            this.controller = controller;
            return this;
        }

        public NameServerConfig build() {
            return new NameServerConfig(bindAddress, advertisedHost, port, brokerExpiry, expiryScanInterval,
                    channelExpiry, clock, auth, tls, controller);
        }
    }
}
