package io.tandem.coordinator.config;

import io.tandem.client.auth.Credentials;
import io.tandem.client.auth.CredentialsProvider;
import io.tandem.client.remoting.ClientTls;
import io.tandem.protocol.txn.EndOfChecks;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Every setting of the transaction coordinator ({@code tandem.coordinator.*}), immutable and validated once when
 * bound. Resilience settings (circuit breakers, the check rate limiter, HTTP retries) are Resilience4j's own
 * {@code resilience4j.*} properties; see {@code io.tandem.coordinator.check.CheckResilience}.
 *
 * @param enabled             whether the coordinator runs at all
 * @param instanceId          this instance's name in leases and in the record; unique among the instances that
 *                            share a database (default: pid@host plus a random suffix)
 * @param brokers             "host:port" of the brokers whose halves this instance resolves
 * @param nameServers         "host:port" of name servers: every broker group they list is resolved too, through
 *                            its current leader (broker id 0); with or instead of {@code brokers}
 * @param nameServerRefresh   how often the broker groups and their leaders are read from the name servers (also
 *                            at once when a request to a leader fails)
 * @param pollInterval        pause between two rounds of the duty cycle (find new halves, sync decisions, claim due
 *                            ones)
 * @param brokerTimeout       time limit of one admin request to a broker
 * @param maxChecks           checks of a half before its end-of-checks policy applies
 * @param backoff             spacing of the checks after the first, which happens at the broker's checkAfterMs
 * @param endOfChecks         policy after the last check, unless its producer group or topic names another
 * @param leasePeriod         how long a claimed half belongs to this instance; another instance takes it over once
 *                            the lease ran out, so every step of a check must fit in it
 * @param maxConcurrentChecks checks in flight at once on this instance; more due halves wait in the database
 * @param pageSize            halves and decisions read from a broker per request
 * @param http                the HTTP check channel
 * @param producers           per producer group: its HTTP check endpoint and policy overrides
 * @param topics              per topic: policy override
 * @param accessKey           access key that signs the admin requests to brokers with authentication on (it needs
 *                            Update on the cluster, or a super user), or null to send them unsigned
 * @param secretKey           its secret key; never shown by {@link #toString()}
 * @param brokerTls           TLS to the brokers
 */
@ConfigurationProperties("tandem.coordinator")
public record CoordinatorProperties(
        @DefaultValue("true") boolean enabled,
        String instanceId,
        @DefaultValue List<String> brokers,
        @DefaultValue List<String> nameServers,
        @DefaultValue("3s") Duration nameServerRefresh,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("3s") Duration brokerTimeout,
        @DefaultValue("15") int maxChecks,
        @DefaultValue Backoff backoff,
        @DefaultValue("ROLLBACK") EndOfChecks endOfChecks,
        @DefaultValue("30s") Duration leasePeriod,
        @DefaultValue("16") int maxConcurrentChecks,
        @DefaultValue("500") int pageSize,
        @DefaultValue Http http,
        @DefaultValue Map<String, ProducerGroup> producers,
        @DefaultValue Map<String, Topic> topics,
        String accessKey,
        String secretKey,
        @DefaultValue BrokerTls brokerTls) {

    /**
     * TLS of the admin connections to brokers ({@code tandem.coordinator.broker-tls}).
     *
     * @param enabled             whether to speak TLS to the brokers
     * @param trustedCertificates PEM file of the authorities trusted to sign brokers' certificates, or null for the
     *                            JVM's default ones
     * @param certificateChain    PEM file of the coordinator's certificate, for brokers requiring one, or null
     * @param privateKey          PEM file of its private key (PKCS#8), or null
     * @param keyPassword         password of an encrypted private key, or null; never shown by {@link #toString()}
     * @param verifyHostname      whether a broker's certificate must name the address connected to
     */
    public record BrokerTls(boolean enabled, Path trustedCertificates, Path certificateChain, Path privateKey,
                            String keyPassword, @DefaultValue("true") boolean verifyHostname) {

        /** The client's TLS settings, or null when TLS is off. */
        public ClientTls toClientTls() {
            if (!enabled) {
                return null;
            }
            ClientTls tls = trustedCertificates == null ? ClientTls.trustingDefaultAuthorities()
                    : ClientTls.trusting(trustedCertificates);
            if (certificateChain != null || privateKey != null) {
                if (certificateChain == null || privateKey == null) {
                    throw new IllegalArgumentException("tandem.coordinator.broker-tls.certificate-chain and "
                            + ".private-key must be set together");
                }
                tls = tls.withCertificate(certificateChain, privateKey);
            }
            if (keyPassword != null) {
                tls = tls.withKeyPassword(keyPassword);
            }
            return verifyHostname ? tls : tls.withoutHostnameVerification();
        }

        @Override
        public String toString() {
            return "BrokerTls[enabled=" + enabled + ", trustedCertificates=" + trustedCertificates
                    + ", certificateChain=" + certificateChain + ", privateKey=" + privateKey + ", keyPassword="
                    + (keyPassword == null ? "null" : "***") + ", verifyHostname=" + verifyHostname + "]";
        }
    }

    /** The credentials of the admin requests to brokers, or null to send them unsigned. */
    public CredentialsProvider brokerCredentials() {
        return accessKey == null ? null : CredentialsProvider.of(Credentials.of(accessKey, secretKey));
    }

    @Override
    public String toString() {
        return "CoordinatorProperties[enabled=" + enabled + ", instanceId=" + instanceId + ", brokers=" + brokers
                + ", nameServers=" + nameServers + ", nameServerRefresh=" + nameServerRefresh
                + ", pollInterval=" + pollInterval + ", brokerTimeout=" + brokerTimeout + ", maxChecks=" + maxChecks
                + ", backoff=" + backoff + ", endOfChecks=" + endOfChecks + ", leasePeriod=" + leasePeriod
                + ", maxConcurrentChecks=" + maxConcurrentChecks + ", pageSize=" + pageSize + ", http=" + http
                + ", producers=" + producers + ", topics=" + topics + ", accessKey=" + accessKey + ", secretKey="
                + (secretKey == null ? "null" : "***") + ", brokerTls=" + brokerTls + "]";
    }

    /**
     * Check spacing: after check {@code n} the next one waits {@code initial × multiplier^(n-1)}, at most
     * {@code max}.
     */
    public record Backoff(@DefaultValue("6s") Duration initial, @DefaultValue("2.0") double multiplier,
                          @DefaultValue("5m") Duration max) {

        public Backoff {
            positive("backoff.initial", initial);
            positive("backoff.max", max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("tandem.coordinator.backoff.max (" + max
                        + ") must not be below backoff.initial (" + initial + ")");
            }
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("tandem.coordinator.backoff.multiplier must be a finite number "
                        + ">= 1, was " + multiplier);
            }
        }

        /** Wait after check number {@code checks} (1-based) before the next one, in milliseconds. */
        public long afterCheckMs(int checks) {
            double wait = initial.toMillis() * Math.pow(multiplier, Math.max(0, checks - 1));
            return (long) Math.min(wait, (double) max.toMillis());
        }
    }

    /**
     * The HTTP check channel.
     *
     * @param timeout   time limit of one GET (each retry has its own)
     * @param checkPath path appended to a discovered service instance's URI
     * @param secret    shared secret every check request is signed with (the producers'
     *                  {@code tandem.mq.check-endpoint.secret}), unless the producer group has its own; null sends
     *                  them unsigned. Never shown by {@link #toString()}
     */
    public record Http(@DefaultValue("2s") Duration timeout,
                       @DefaultValue("/tandem/transactions/check") String checkPath,
                       String secret) {

        public Http {
            positive("http.timeout", timeout);
            Objects.requireNonNull(checkPath, "tandem.coordinator.http.check-path");
            notBlank("tandem.coordinator.http.secret", secret);
        }

        @Override
        public String toString() {
            return "Http[timeout=" + timeout + ", checkPath=" + checkPath + ", secret="
                    + (secret == null ? "null" : "***") + "]";
        }
    }

    /**
     * One producer group. At most one of {@code checkUrl} and {@code serviceId}.
     *
     * @param checkUrl    the full URL of its check endpoint, or null
     * @param serviceId   its service id in Spring Cloud discovery, or null
     * @param checkPath   path on a discovered instance, or null for {@code http.check-path}
     * @param maxChecks   its own max checks, or null
     * @param endOfChecks its own end-of-checks policy, or null
     * @param secret      the secret its check requests are signed with, or null for {@code http.secret}; never shown
     *                    by {@link #toString()}
     */
    public record ProducerGroup(String checkUrl, String serviceId, String checkPath, Integer maxChecks,
                                EndOfChecks endOfChecks, String secret) {

        public ProducerGroup {
            notBlank("the secret of a producer group", secret);
            if (checkUrl != null && serviceId != null) {
                throw new IllegalArgumentException("a producer group has either check-url or service-id, not both: "
                        + checkUrl + ", " + serviceId);
            }
            if (checkUrl != null) {
                URI uri = URI.create(checkUrl);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("check-url must be an absolute http(s) URL: " + checkUrl);
                }
            }
            if (maxChecks != null && maxChecks < 1) {
                throw new IllegalArgumentException("max-checks must be at least 1, was " + maxChecks);
            }
        }

        @Override
        public String toString() {
            return "ProducerGroup[checkUrl=" + checkUrl + ", serviceId=" + serviceId + ", checkPath=" + checkPath
                    + ", maxChecks=" + maxChecks + ", endOfChecks=" + endOfChecks + ", secret="
                    + (secret == null ? "null" : "***") + "]";
        }
    }

    /** One topic: {@code endOfChecks} overrides the default policy for its halves (a group's own policy wins). */
    public record Topic(EndOfChecks endOfChecks) {
    }

    public CoordinatorProperties {
        instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId.strip();
        brokers = List.copyOf(brokers);
        nameServers = List.copyOf(nameServers);
        for (String nameServer : nameServers) {
            int colon = nameServer.lastIndexOf(':');
            if (colon <= 0 || colon == nameServer.length() - 1) {
                throw new IllegalArgumentException("tandem.coordinator.name-servers must be host:port entries, was '"
                        + nameServer + "'");
            }
        }
        positive("name-server-refresh", nameServerRefresh);
        producers = Map.copyOf(producers);
        topics = Map.copyOf(topics);
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(endOfChecks, "end-of-checks");
        positive("poll-interval", pollInterval);
        positive("broker-timeout", brokerTimeout);
        if (accessKey != null && (secretKey == null || secretKey.isEmpty())) {
            throw new IllegalArgumentException("tandem.coordinator.access-key is set but tandem.coordinator.secret-key "
                    + "is not: set both (the secret through the environment or a secret store) or neither");
        }
        positive("lease-period", leasePeriod);
        if (maxChecks < 1) {
            throw new IllegalArgumentException("tandem.coordinator.max-checks must be at least 1, was " + maxChecks);
        }
        if (maxConcurrentChecks < 1) {
            throw new IllegalArgumentException("tandem.coordinator.max-concurrent-checks must be at least 1, was "
                    + maxConcurrentChecks);
        }
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("tandem.coordinator.page-size must be in 1..10000, was " + pageSize);
        }
        Duration longestStep = brokerTimeout.compareTo(http.timeout()) > 0 ? brokerTimeout : http.timeout();
        if (leasePeriod.compareTo(longestStep.multipliedBy(4)) < 0) {
            throw new IllegalArgumentException("tandem.coordinator.lease-period (" + leasePeriod + ") must be at "
                    + "least four times the longer of broker-timeout and http.timeout (" + longestStep + "), so "
                    + "that a check finishes before its lease runs out");
        }
    }

    /** The group's settings, or an empty entry. */
    public ProducerGroup producer(String group) {
        ProducerGroup own = group == null ? null : producers.get(group);
        return own != null ? own : new ProducerGroup(null, null, null, null, null, null);
    }

    /** The secret the group's check requests are signed with: its own, else {@code http.secret}, else null. */
    public String checkSecret(String group) {
        String own = producer(group).secret();
        return own != null ? own : http.secret();
    }

    /** Safety margin before a lease's end: no step of a check starts later than this before it. */
    public Duration leaseMargin() {
        return leasePeriod.dividedBy(10);
    }

    private static void notBlank(String name, String secret) {
        if (secret != null && secret.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank; leave it unset to send check requests "
                    + "unsigned");
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("tandem.coordinator." + name + " must be positive, was " + value);
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return ProcessHandle.current().pid() + "@" + host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
