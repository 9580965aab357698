package io.tandem.server.config;

import io.tandem.server.auth.AuthConfig;
import io.tandem.server.trace.TraceSettings;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.txn.CheckBackPolicy;
import io.tandem.store.Durability;
import io.tandem.store.StoreConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything a {@link io.tandem.server.Broker} is configured with. Immutable; build with {@link #builder(Path)}, which validates
 * every setting once and names the one that is wrong.
 *
 * @param dataDirectory           where the store ({@code store/}) and the metadata ({@code config/}) live
 * @param bindAddress             address both listeners bind to
 * @param advertisedHost          host clients are told to connect to (routes, offset message ids)
 * @param nameServerPort          name-server listener port; 0 picks a free port
 * @param brokerPort              broker listener port; 0 picks a free port
 * @param clusterName             cluster name reported in routes
 * @param brokerName              broker name reported in routes
 * @param autoCreateTopics        whether a send to an unknown topic creates it from the {@code TBW102} template
 * @param autoCreateGroups        whether an unknown consumer group is created on first heartbeat, pull or send-back
 * @param defaultTopicQueueNums   queues of the {@code TBW102} template (auto-created topics get at most this many)
 * @param adminTopicQueueNums     queues of a topic created through admin without counts
 * @param maxMessageSize          largest body (after client compression) a send may carry, bytes
 * @param maxPullMessages         most messages one pull response carries
 * @param maxPullBytes            about the most body bytes one pull response carries (the first message always fits)
 * @param longPolling             whether a pull with nothing to return is parked until a message arrives
 * @param maxLongPollingTime      longest a pull is parked, whatever the client asks
 * @param propertyFilter          whether SQL92 property filtering is enabled
 * @param delayLevels             durations of delay levels 1..n
 * @param maxTimerDelay           longest delay of a message with a delivery timestamp
 * @param defaultRetryMaxTimes    max reconsume times of auto-created groups
 * @param orderlyLockLease        how long a queue lock lasts without renewal
 * @param channelExpiry           producers and consumers not heard from for this long are forgotten
 * @param metadataFlushInterval   how often consumer offsets are written to disk
 * @param checkBack               how the broker's own check-back duty checks and resolves undecided half messages
 * @param builtInCheckBack        whether the broker runs that duty (off when an external coordinator does the job)
 * @param trace                   the trace topic and whether the broker writes trace records of its own
 * @param durability              store durability for every message
 * @param storeCustomizer         adjusts the store configuration derived from the settings above
 * @param clock                   time source for store times, delays, leases and expiry
 * @param auth                    authentication and authorization of both listeners
 * @param tls                     TLS of both listeners
 * @param cluster                 whether the process runs a name server, which others the broker registers with
 * @param replication             the broker's place in a replicated broker group: leader or replica, sync or async
 */
public record BrokerConfig(
        Path dataDirectory,
        String bindAddress,
        String advertisedHost,
        int nameServerPort,
        int brokerPort,
        String clusterName,
        String brokerName,
        boolean autoCreateTopics,
        boolean autoCreateGroups,
        int defaultTopicQueueNums,
        int adminTopicQueueNums,
        int maxMessageSize,
        int maxPullMessages,
        int maxPullBytes,
        boolean longPolling,
        Duration maxLongPollingTime,
        boolean propertyFilter,
        List<Duration> delayLevels,
        Duration maxTimerDelay,
        int defaultRetryMaxTimes,
        Duration orderlyLockLease,
        Duration channelExpiry,
        Duration metadataFlushInterval,
        CheckBackPolicy checkBack,
        boolean builtInCheckBack,
        TraceSettings trace,
        Durability durability,
        UnaryOperator<StoreConfig.Builder> storeCustomizer,
        Clock clock,
        AuthConfig auth,
        TlsConfig tls,
        ClusterConfig cluster,
        ReplicationConfig replication) {

    /** The classic 18 delay levels: 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h. */
    public static final List<Duration> DEFAULT_DELAY_LEVELS = List.of(
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(4),
            Duration.ofMinutes(5), Duration.ofMinutes(6), Duration.ofMinutes(7), Duration.ofMinutes(8),
            Duration.ofMinutes(9), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2));

    public BrokerConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        requireText(bindAddress, "bindAddress");
        requireText(advertisedHost, "advertisedHost");
        requirePort(nameServerPort, "nameServerPort");
        requirePort(brokerPort, "brokerPort");
        requireText(clusterName, "clusterName");
        requireText(brokerName, "brokerName");
        requireRange(defaultTopicQueueNums, 1, 1024, "defaultTopicQueueNums");
        requireRange(adminTopicQueueNums, 1, 1024, "adminTopicQueueNums");
        requireRange(maxMessageSize, 1, 64 << 20, "maxMessageSize");
        requireRange(maxPullMessages, 1, 1024, "maxPullMessages");
        requireRange(maxPullBytes, 1, 64 << 20, "maxPullBytes");
        requirePositive(maxLongPollingTime, "maxLongPollingTime");
        delayLevels = List.copyOf(Objects.requireNonNull(delayLevels, "delayLevels"));
        if (delayLevels.isEmpty()) {
            throw new IllegalArgumentException("delayLevels must hold at least one level");
        }
        delayLevels.forEach(level -> requirePositive(level, "delayLevels"));
        requirePositive(maxTimerDelay, "maxTimerDelay");
        requireRange(defaultRetryMaxTimes, 0, 1000, "defaultRetryMaxTimes");
        requirePositive(orderlyLockLease, "orderlyLockLease");
        requirePositive(channelExpiry, "channelExpiry");
        requirePositive(metadataFlushInterval, "metadataFlushInterval");
        Objects.requireNonNull(checkBack, "checkBack");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(storeCustomizer, "storeCustomizer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(replication, "replication");
    }

    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /** A builder holding every setting of this configuration. */
    public Builder toBuilder() {
        return new Builder(dataDirectory).bindAddress(bindAddress).advertisedHost(advertisedHost)
                .nameServerPort(nameServerPort).brokerPort(brokerPort).clusterName(clusterName).brokerName(brokerName)
                .autoCreateTopics(autoCreateTopics).autoCreateGroups(autoCreateGroups)
                .defaultTopicQueueNums(defaultTopicQueueNums).adminTopicQueueNums(adminTopicQueueNums)
                .maxMessageSize(maxMessageSize).maxPullMessages(maxPullMessages).maxPullBytes(maxPullBytes)
                .longPolling(longPolling).maxLongPollingTime(maxLongPollingTime).propertyFilter(propertyFilter)
                .delayLevels(delayLevels).maxTimerDelay(maxTimerDelay).defaultRetryMaxTimes(defaultRetryMaxTimes)
                .orderlyLockLease(orderlyLockLease).channelExpiry(channelExpiry)
                .metadataFlushInterval(metadataFlushInterval).checkBack(checkBack).builtInCheckBack(builtInCheckBack)
                .trace(trace).durability(durability).store(storeCustomizer).clock(clock).auth(auth).tls(tls)
                .cluster(cluster).replication(replication);
    }

    /** Where the store keeps its files. */
    public Path storeDirectory() {
        return dataDirectory.resolve("store");
    }

    /** Where topics, groups, offsets and delay progress are kept. */
    public Path metadataDirectory() {
        return dataDirectory.resolve("config");
    }

    /** The store configuration these settings imply. */
    public StoreConfig storeConfig() {
        // Room for the largest body plus its topic, keys and properties (at most 32 KiB of them on the wire).
        StoreConfig.Builder builder = StoreConfig.builder(storeDirectory())
                .maxRecordSize(maxMessageSize + (128 << 10))
                .durability(durability)
                .clock(clock);
        return storeCustomizer.apply(builder).build();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePort(int port, String name) {
        requireRange(port, 0, 65535, name);
    }

    private static void requireRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** Builder with the embedded defaults: auto-create on, ports 9876 and 10911 on 127.0.0.1, ASYNC durability. */
    public static final class Builder {
        private final Path dataDirectory;
        private String bindAddress = "127.0.0.1";
        private String advertisedHost = "127.0.0.1";
        private int nameServerPort = 9876;
        private int brokerPort = 10911;
        private String clusterName = "DefaultCluster";
        private String brokerName = "broker-a";
        private boolean autoCreateTopics = true;
        private boolean autoCreateGroups = true;
        private int defaultTopicQueueNums = 8;
        private int adminTopicQueueNums = 16;
        private int maxMessageSize = 4 << 20;
        private int maxPullMessages = 32;
        private int maxPullBytes = 256 << 10;
        private boolean longPolling = true;
        private Duration maxLongPollingTime = Duration.ofSeconds(30);
        private boolean propertyFilter = false;
        private List<Duration> delayLevels = DEFAULT_DELAY_LEVELS;
        private Duration maxTimerDelay = Duration.ofDays(3);
        private int defaultRetryMaxTimes = 16;
        private Duration orderlyLockLease = Duration.ofSeconds(60);
        private Duration channelExpiry = Duration.ofSeconds(120);
        private Duration metadataFlushInterval = Duration.ofSeconds(1);
        private CheckBackPolicy checkBack = CheckBackPolicy.DEFAULT;
        private boolean builtInCheckBack = true;
        private TraceSettings trace = TraceSettings.DEFAULT;
        private Durability durability = Durability.ASYNC;
        private UnaryOperator<StoreConfig.Builder> storeCustomizer = UnaryOperator.identity();
        private Clock clock = Clock.systemUTC();
        private AuthConfig auth = AuthConfig.DISABLED;
        private TlsConfig tls = TlsConfig.DISABLED;
        private ClusterConfig cluster = ClusterConfig.EMBEDDED;
        private ReplicationConfig replication = ReplicationConfig.STANDALONE;

        private Builder(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder advertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
            return this;
        }

        public Builder nameServerPort(int nameServerPort) {
            this.nameServerPort = nameServerPort;
            return this;
        }

        public Builder brokerPort(int brokerPort) {
            this.brokerPort = brokerPort;
            return this;
        }

        /** Both listeners on free ports chosen by the OS (tests). */
        public Builder randomPorts() {
            this.nameServerPort = 0;
            this.brokerPort = 0;
            return this;
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        public Builder brokerName(String brokerName) {
            this.brokerName = brokerName;
            return this;
        }

        public Builder autoCreateTopics(boolean autoCreateTopics) {
            this.autoCreateTopics = autoCreateTopics;
            return this;
        }

        public Builder autoCreateGroups(boolean autoCreateGroups) {
            this.autoCreateGroups = autoCreateGroups;
            return this;
        }

        public Builder defaultTopicQueueNums(int defaultTopicQueueNums) {
            this.defaultTopicQueueNums = defaultTopicQueueNums;
            return this;
        }

        public Builder adminTopicQueueNums(int adminTopicQueueNums) {
            this.adminTopicQueueNums = adminTopicQueueNums;
            return this;
        }

        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        public Builder maxPullMessages(int maxPullMessages) {
            this.maxPullMessages = maxPullMessages;
            return this;
        }

        public Builder maxPullBytes(int maxPullBytes) {
            this.maxPullBytes = maxPullBytes;
            return this;
        }

        public Builder longPolling(boolean longPolling) {
            this.longPolling = longPolling;
            return this;
        }

        public Builder maxLongPollingTime(Duration maxLongPollingTime) {
            this.maxLongPollingTime = maxLongPollingTime;
            return this;
        }

        public Builder propertyFilter(boolean propertyFilter) {
            this.propertyFilter = propertyFilter;
            return this;
        }

        public Builder delayLevels(List<Duration> delayLevels) {
            this.delayLevels = delayLevels;
            return this;
        }

        public Builder maxTimerDelay(Duration maxTimerDelay) {
            this.maxTimerDelay = maxTimerDelay;
            return this;
        }

        public Builder defaultRetryMaxTimes(int defaultRetryMaxTimes) {
            this.defaultRetryMaxTimes = defaultRetryMaxTimes;
            return this;
        }

        public Builder orderlyLockLease(Duration orderlyLockLease) {
            this.orderlyLockLease = orderlyLockLease;
            return this;
        }

        public Builder channelExpiry(Duration channelExpiry) {
            this.channelExpiry = channelExpiry;
            return this;
        }

        public Builder metadataFlushInterval(Duration metadataFlushInterval) {
            this.metadataFlushInterval = metadataFlushInterval;
            return this;
        }

        public Builder checkBack(CheckBackPolicy checkBack) {
            this.checkBack = checkBack;
            return this;
        }

        public Builder builtInCheckBack(boolean builtInCheckBack) {
            this.builtInCheckBack = builtInCheckBack;
            return this;
        }

        public Builder trace(TraceSettings trace) {
            this.trace = trace;
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        /** Adjusts the store configuration (segment size, caches, I/O engine, ...). */
        public Builder store(UnaryOperator<StoreConfig.Builder> storeCustomizer) {
            this.storeCustomizer = storeCustomizer;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Authentication and authorization; off by default (the embedded broker listens on 127.0.0.1 only). */
        public Builder auth(AuthConfig auth) {
            this.auth = auth;
            return this;
        }

        /** TLS of both listeners; off by default. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** Name servers and registration (default: the embedded name server only). */
        public Builder cluster(ClusterConfig cluster) {
            this.cluster = cluster;
            return this;
        }

        /** This broker's place in a replicated broker group (default: alone in its group). */
        public Builder replication(ReplicationConfig replication) {
            this.replication = replication;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(dataDirectory, bindAddress, advertisedHost, nameServerPort, brokerPort,
                    clusterName, brokerName, autoCreateTopics, autoCreateGroups, defaultTopicQueueNums,
                    adminTopicQueueNums, maxMessageSize, maxPullMessages, maxPullBytes, longPolling,
                    maxLongPollingTime, propertyFilter, delayLevels, maxTimerDelay, defaultRetryMaxTimes,
                    orderlyLockLease, channelExpiry, metadataFlushInterval, checkBack, builtInCheckBack, trace,
                    durability, storeCustomizer, clock, auth, tls, cluster, replication);
        }
    }
}
