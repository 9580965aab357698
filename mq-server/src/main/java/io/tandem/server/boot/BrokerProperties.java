package io.tandem.server.boot;

import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.auth.AuthConfig;
import io.tandem.server.auth.User;
import io.tandem.server.trace.TraceSettings;
import io.tandem.server.tls.ClientCertificates;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.tls.TlsMode;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationMode;
import io.tandem.server.txn.CheckBackPolicy;
import io.tandem.store.Durability;
import io.tandem.store.StoreConfig;
import io.tandem.store.io.IoEngineKind;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the broker under {@code tandem.broker}, mapped onto {@link BrokerConfig} by {@link #toBrokerConfig()}.
 * The defaults are those of {@link BrokerConfig.Builder} and {@link StoreConfig.Builder}: an embedded broker on
 * 127.0.0.1 that creates topics and groups on first use and acknowledges sends once they are written to the store's
 * files (ASYNC: a crash of the process loses nothing acknowledged; an OS crash or power loss may lose the last 200 ms).
 *
 * <p>Binding validates every setting: an invalid value fails startup with the name of the property, the value and
 * the reason.
 *
 * <p>Design note: {@link BrokerConfig} and {@link StoreConfig} validate too, but their messages name Java settings
 * ({@code maxLongPollingTime}), not properties. The single-value checks here repeat their rules in property terms;
 * rules that tie several settings together (the tail cache must hold two of the largest records) are left to them
 * and reported against {@code tandem.broker} as a whole.
 */
@ConfigurationProperties(BrokerProperties.PREFIX)
public class BrokerProperties implements Validator {

    static final String PREFIX = "tandem.broker";

    private static final DataSize MAX_MESSAGE_SIZE_LIMIT = DataSize.ofMegabytes(64);

    /** Directory of the store (store/) and of topics, groups, offsets and delay progress (config/). */
    private Path dataDirectory = Path.of("./data");

    /** Address both listeners (name server and broker) bind to. */
    private String bindAddress = "127.0.0.1";

    /** Host clients are told to connect to, in routes and message ids. */
    private String advertisedHost = "127.0.0.1";

    /** Port of the name-server listener; 0 picks a free port. */
    private int nameServerPort = 9876;

    /** Port of the broker listener; 0 picks a free port. */
    private int brokerPort = 10911;

    /** Cluster name reported in routes. */
    private String clusterName = "DefaultCluster";

    /** Broker name reported in routes. */
    private String brokerName = "broker-a";

    /** Whether a send to an unknown topic creates it from the TBW102 template. */
    private boolean autoCreateTopics = true;

    /** Whether an unknown consumer group is created on its first heartbeat, pull or send-back. */
    private boolean autoCreateGroups = true;

    /**
     * When a send is acknowledged: ASYNC once written to the store's files, out of the process (synced every 200 ms),
     * SYNC once synced to disk.
     */
    private Durability durability = Durability.ASYNC;

    /** Largest message body (after client compression) a send may carry, at most 64MB. */
    private DataSize maxMessageSize = DataSize.ofMegabytes(4);

    /** Whether consumers may select messages with SQL92 expressions over message properties. */
    private boolean propertyFilterEnabled = false;

    /** Delays of the delay levels 1..n that producers and retries refer to. */
    private List<Duration> delayLevels = new ArrayList<>(BrokerConfig.DEFAULT_DELAY_LEVELS);

    /**
     * Name servers (host:port) this broker registers with, besides its own in role BOTH; required in role BROKER.
     */
    private List<String> nameServers = new ArrayList<>();

    /** How often the broker registers with its name servers again (a topic change registers at once). */
    private Duration registrationInterval = ClusterConfig.DEFAULT_REGISTRATION_INTERVAL;

    private final LongPolling longPolling = new LongPolling();

    private final Store store = new Store();

    private final CheckBack checkBack = new CheckBack();

    private final Auth auth = new Auth();
    private final Trace trace = new Trace();

    private final Tls tls = new Tls();

    private final Replication replication = new Replication();

    /** The broker configuration these settings describe; throws {@link IllegalArgumentException} if one is invalid. */
    public BrokerConfig toBrokerConfig() {
        long segmentSize = store.segmentSize.toBytes();
        long tailCacheSize = store.tailCacheSize.toBytes();
        IoEngineKind ioEngine = store.ioEngine;
        double diskUsageHighWaterMark = store.diskUsageHighWaterMark;
        double diskUsageRetentionThreshold = store.diskUsageRetentionThreshold;
        int maxMessageBytes = Math.toIntExact(maxMessageSize.toBytes());
        return BrokerConfig.builder(dataDirectory)
                .bindAddress(bindAddress)
                .advertisedHost(advertisedHost)
                .nameServerPort(nameServerPort)
                .brokerPort(brokerPort)
                .clusterName(clusterName)
                .brokerName(brokerName)
                .autoCreateTopics(autoCreateTopics)
                .autoCreateGroups(autoCreateGroups)
                .durability(durability)
                .maxMessageSize(maxMessageBytes)
                .propertyFilter(propertyFilterEnabled)
                .delayLevels(delayLevels)
                .longPolling(longPolling.enabled)
                .maxLongPollingTime(longPolling.maxHold)
                .checkBack(new CheckBackPolicy(checkBack.transactionTimeout, checkBack.maxBackoff,
                        checkBack.maxChecks, checkBack.endOfChecks))
                .builtInCheckBack(checkBack.builtIn == null || checkBack.builtIn)
                .auth(auth.toAuthConfig())
                .trace(new TraceSettings(trace.topic, trace.brokerRecords))
                .tls(tls.toTlsConfig())
                .store(config -> config
                        .segmentSize(segmentSize)
                        .tailCacheSize(tailCacheSize)
                        .ioEngine(ioEngine)
                        .diskUsageHighWaterMark(diskUsageHighWaterMark)
                        .diskUsageRetentionThreshold(diskUsageRetentionThreshold))
                .replication(replication.toReplicationConfig())
                .cluster(ClusterConfig.EMBEDDED.toBuilder()
                        .nameServers(nameServers == null ? "" : String.join(";", nameServers))
                        .registrationInterval(registrationInterval)
                        .build())
                .build();
    }

    @Override
    public boolean supports(Class<?> type) {
        return BrokerProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        BrokerProperties properties = (BrokerProperties) target;
        properties.validateEach(errors);
        if (errors.hasErrors()) {
            return;
        }
        try {
            properties.toBrokerConfig().storeConfig();
        } catch (IllegalArgumentException e) {
            errors.reject("tandem.broker.invalid", PREFIX + ": " + e.getMessage());
        }
    }

    private void validateEach(Errors errors) {
        require(errors, "dataDirectory", dataDirectory != null, "must be set");
        requireText(errors, "bindAddress", bindAddress);
        requireText(errors, "advertisedHost", advertisedHost);
        requireText(errors, "clusterName", clusterName);
        requireText(errors, "brokerName", brokerName);
        requirePort(errors, "nameServerPort", nameServerPort);
        requirePort(errors, "brokerPort", brokerPort);
        require(errors, "durability", durability != null, "must be ASYNC or SYNC");
        require(errors, "maxMessageSize", maxMessageSize != null && maxMessageSize.toBytes() > 0
                && maxMessageSize.compareTo(MAX_MESSAGE_SIZE_LIMIT) <= 0, "must be between 1B and 64MB");
        require(errors, "delayLevels", delayLevels != null && !delayLevels.isEmpty(),
                "must list at least one delay");
        if (delayLevels != null) {
            for (int i = 0; i < delayLevels.size(); i++) {
                requirePositive(errors, "delayLevels[" + i + "]", delayLevels.get(i));
            }
        }
        requirePositive(errors, "longPolling.maxHold", longPolling.maxHold);
        require(errors, "store.segmentSize", isPagesOfAtLeast(store.segmentSize, DataSize.ofKilobytes(64)),
                "must be a multiple of 4KB and at least 64KB");
        require(errors, "store.tailCacheSize", isPagesOfAtLeast(store.tailCacheSize, DataSize.ofKilobytes(4)),
                "must be a multiple of 4KB");
        require(errors, "store.ioEngine", store.ioEngine != null, "must be AUTO, URING, PAGECACHE or MMAP");
        require(errors, "store.diskUsageHighWaterMark", isRatio(store.diskUsageHighWaterMark),
                "must be above 0 and at most 1");
        require(errors, "store.diskUsageRetentionThreshold", isRatio(store.diskUsageRetentionThreshold),
                "must be above 0 and at most 1 (1: off)");
        requirePositive(errors, "checkBack.transactionTimeout", checkBack.transactionTimeout);
        require(errors, "checkBack.maxBackoff", checkBack.maxBackoff != null && checkBack.transactionTimeout != null
                && checkBack.maxBackoff.compareTo(checkBack.transactionTimeout) >= 0,
                "must be at least the transaction timeout");
        require(errors, "checkBack.maxChecks", checkBack.maxChecks >= 1, "must be at least 1");
        require(errors, "checkBack.endOfChecks", checkBack.endOfChecks != null, "must be ROLLBACK, COMMIT or PARK");
        require(errors, "auth.authorizationEnabled", !auth.authorizationEnabled || auth.authenticationEnabled,
                "needs tandem.broker.auth.authentication-enabled=true");
        require(errors, "auth.initialUser.secret", auth.initialUser.username == null
                || (auth.initialUser.secret != null && auth.initialUser.secret.length() >= User.MIN_SECRET_LENGTH),
                "must have at least " + User.MIN_SECRET_LENGTH + " characters when an initial user is named");
        requirePositive(errors, "auth.failureDelay", auth.failureDelay);
        requirePositive(errors, "auth.maxFailureDelay", auth.maxFailureDelay);
        require(errors, "tls.mode", tls.mode != null, "must be DISABLED, PERMISSIVE or ENFORCING");
        boolean tlsOn = tls.mode != null && tls.mode != TlsMode.DISABLED;
        require(errors, "tls.certificateChain", !tlsOn || tls.certificateChain != null,
                "must name a PEM file when TLS is on");
        require(errors, "tls.privateKey", !tlsOn || tls.privateKey != null, "must name a PEM file when TLS is on");
        require(errors, "tls.clientCertificates", tls.clientCertificates != null, "must be NONE, OPTIONAL or REQUIRED");
        require(errors, "tls.trustedCertificates", !tlsOn || tls.clientCertificates == ClientCertificates.NONE
                || tls.trustedCertificates != null, "must name a PEM file when client certificates are asked for");
        require(errors, "tls.trustedCertificates", !tls.nameServerClient || tls.trustedCertificates != null,
                "must name a PEM file of the authorities that sign the name servers' certificates when"
                        + " tls.name-server-client is on");
        boolean replicationTls = replication.tls.enabled;
        require(errors, "tls.certificateChain", !replicationTls || tls.certificateChain != null,
                "must name a PEM file when replication.tls.enabled is on (both ends of the stream present it)");
        require(errors, "tls.privateKey", !replicationTls || tls.privateKey != null,
                "must name a PEM file when replication.tls.enabled is on");
        require(errors, "tls.trustedCertificates", !replicationTls || tls.trustedCertificates != null,
                "must name a PEM file of the authorities that sign the group members' certificates when"
                        + " replication.tls.enabled is on");
        requireText(errors, "trace.topic", trace.topic);
        requirePositive(errors, "registrationInterval", registrationInterval);
        if (nameServers != null) {
            try {
                ClusterConfig.parseNameServers(String.join(";", nameServers));
            } catch (IllegalArgumentException e) {
                require(errors, "nameServers", false, "must list host:port entries: " + e.getMessage());
            }
        }
    }

    private static boolean isRatio(double value) {
        return value > 0 && value <= 1;
    }

    private static boolean isPagesOfAtLeast(DataSize size, DataSize minimum) {
        return size != null && size.toBytes() % 4096 == 0 && size.compareTo(minimum) >= 0;
    }

    private static void requireText(Errors errors, String field, String value) {
        require(errors, field, value != null && !value.isBlank(), "must not be blank");
    }

    private static void requirePort(Errors errors, String field, int port) {
        require(errors, field, port >= 0 && port <= 65535, "must be between 0 and 65535");
    }

    private static void requirePositive(Errors errors, String field, Duration duration) {
        require(errors, field, duration != null && duration.isPositive(), "must be a positive duration");
    }

    private static void require(Errors errors, String field, boolean valid, String message) {
        if (!valid) {
            String property = PREFIX + "." + DataObjectPropertyName.toDashedForm(field);
            errors.rejectValue(field, "tandem.broker.invalid", property + " " + message);
        }
    }

    public Path getDataDirectory() {
        return dataDirectory;
    }

    public void setDataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public String getAdvertisedHost() {
        return advertisedHost;
    }

    public void setAdvertisedHost(String advertisedHost) {
        this.advertisedHost = advertisedHost;
    }

    public int getNameServerPort() {
        return nameServerPort;
    }

    public void setNameServerPort(int nameServerPort) {
        this.nameServerPort = nameServerPort;
    }

    public int getBrokerPort() {
        return brokerPort;
    }

    public void setBrokerPort(int brokerPort) {
        this.brokerPort = brokerPort;
    }

    public String getClusterName() {
        return clusterName;
    }

    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    public String getBrokerName() {
        return brokerName;
    }

    public void setBrokerName(String brokerName) {
        this.brokerName = brokerName;
    }

    public boolean isAutoCreateTopics() {
        return autoCreateTopics;
    }

    public void setAutoCreateTopics(boolean autoCreateTopics) {
        this.autoCreateTopics = autoCreateTopics;
    }

    public boolean isAutoCreateGroups() {
        return autoCreateGroups;
    }

    public void setAutoCreateGroups(boolean autoCreateGroups) {
        this.autoCreateGroups = autoCreateGroups;
    }

    public Durability getDurability() {
        return durability;
    }

    public void setDurability(Durability durability) {
        this.durability = durability;
    }

    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public boolean isPropertyFilterEnabled() {
        return propertyFilterEnabled;
    }

    public void setPropertyFilterEnabled(boolean propertyFilterEnabled) {
        this.propertyFilterEnabled = propertyFilterEnabled;
    }

    public List<Duration> getDelayLevels() {
        return delayLevels;
    }

    public void setDelayLevels(List<Duration> delayLevels) {
        this.delayLevels = delayLevels;
    }

    public List<String> getNameServers() {
        return nameServers;
    }

    public void setNameServers(List<String> nameServers) {
        this.nameServers = nameServers;
    }

    public Duration getRegistrationInterval() {
        return registrationInterval;
    }

    public void setRegistrationInterval(Duration registrationInterval) {
        this.registrationInterval = registrationInterval;
    }

    public LongPolling getLongPolling() {
        return longPolling;
    }

    public Store getStore() {
        return store;
    }

    /** Long polling: a pull that finds nothing waits for a message instead of returning empty. */
    public Auth getAuth() {
        return auth;
    }

    public CheckBack getCheckBack() {
        return checkBack;
    }

    public Trace getTrace() {
        return trace;
    }

    /** Message trace ({@code tandem.broker.trace.*}). */
    public static class Trace {

        /** Topic that clients with message trace on write to (kept by the broker) and the broker's own records go to. */
        private String topic = TraceSettings.DEFAULT.topic();

        /** Whether the broker records what it did with each message as trace records of its own. */
        private boolean brokerRecords = TraceSettings.DEFAULT.brokerRecords();

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public boolean isBrokerRecords() {
            return brokerRecords;
        }

        public void setBrokerRecords(boolean brokerRecords) {
            this.brokerRecords = brokerRecords;
        }
    }

    public Tls getTls() {
        return tls;
    }

    public Replication getReplication() {
        return replication;
    }

    /**
     * The broker's place in a replicated broker group ({@code tandem.broker.replication}): broker id 0 leads and,
     * with a port, listens for replicas; a broker id above 0 is a replica copying from {@code leader-address}. With
     * {@code controlled=true} the controller in the name servers chooses the leader instead: every member has a
     * {@code member-id} and a {@code port}, and any can lead.
     */
    public static class Replication {

        /** Whether the controller in the name servers chooses this group's leader (then broker-id is not used). */
        private boolean controlled;

        /** Controlled mode: this member's id in its group (1 and up, unique); routes list a replica under it. */
        private long memberId;

        /** Controlled mode: the controller's lease (its tandem.controller.lease); heartbeats every sixth of it. */
        private Duration lease = Duration.ofSeconds(3);

        /** 0: the group's leader; above 0: a replica, listed under this id in routes. */
        private long brokerId = 0;

        /** The leader's replication listener port (0: any free port); unset: the leader takes no replicas. */
        private Integer port;

        /** host:port of the leader's replication listener; required on a replica. */
        private String leaderAddress;

        /** SYNC: a send is acknowledged once min-in-sync members hold it; ASYNC: once the leader does. */
        private ReplicationMode mode = ReplicationConfig.STANDALONE.mode();

        /** Members (the leader counted) that must hold a message before a SYNC send is acknowledged. */
        private int minInSync = ReplicationConfig.STANDALONE.minInSync();

        /** A replica further behind than this leaves the in-sync set. */
        private DataSize maxLag = DataSize.ofBytes(ReplicationConfig.STANDALONE.maxLagBytes());

        /** Longest a SYNC send waits for its replicas before it fails. */
        private Duration syncTimeout = ReplicationConfig.STANDALONE.syncTimeout();

        /** Mutual TLS on the replication stream ({@code tandem.broker.replication.tls}). */
        private final StreamTls tls = new StreamTls();

        ReplicationConfig toReplicationConfig() {
            ReplicationConfig.Builder builder = ReplicationConfig.builder().mode(mode).minInSync(minInSync)
                    .maxLagBytes(maxLag.toBytes()).syncTimeout(syncTimeout).tls(tls.enabled);
            if (controlled) {
                if (memberId < 1) {
                    throw new IllegalArgumentException("tandem.broker.replication.controlled=true needs"
                            + " tandem.broker.replication.member-id of 1 or more, was " + memberId);
                }
                if (port == null || port <= 0) {
                    throw new IllegalArgumentException("tandem.broker.replication.controlled=true needs"
                            + " tandem.broker.replication.port (not 0): every member listens, since any can lead");
                }
                return builder.member(memberId, port).build();
            }
            if (brokerId > 0) {
                builder.replica(brokerId, leaderAddress);
            } else if (port != null) {
                builder.leader(port);
            }
            return builder.build();
        }

        public long getBrokerId() {
            return brokerId;
        }

        public StreamTls getTls() {
            return tls;
        }

        public boolean isControlled() {
            return controlled;
        }

        public void setControlled(boolean controlled) {
            this.controlled = controlled;
        }

        public long getMemberId() {
            return memberId;
        }

        public void setMemberId(long memberId) {
            this.memberId = memberId;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public void setBrokerId(long brokerId) {
            this.brokerId = brokerId;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public String getLeaderAddress() {
            return leaderAddress;
        }

        public void setLeaderAddress(String leaderAddress) {
            this.leaderAddress = leaderAddress;
        }

        public ReplicationMode getMode() {
            return mode;
        }

        public void setMode(ReplicationMode mode) {
            this.mode = mode;
        }

        public int getMinInSync() {
            return minInSync;
        }

        public void setMinInSync(int minInSync) {
            this.minInSync = minInSync;
        }

        public DataSize getMaxLag() {
            return maxLag;
        }

        public void setMaxLag(DataSize maxLag) {
            this.maxLag = maxLag;
        }

        public Duration getSyncTimeout() {
            return syncTimeout;
        }

        public void setSyncTimeout(Duration syncTimeout) {
            this.syncTimeout = syncTimeout;
        }
    }

    /** Authentication and authorization of the broker and name-server listeners ({@code tandem.broker.auth}). */
    public static class Auth {

        /** Whether every request must be signed by a known, enabled user (RocketMQ's AclClientRPCHook). */
        private boolean authenticationEnabled;

        /** Whether normal users may only do what their ACL allows (needs authentication). */
        private boolean authorizationEnabled;

        /** Whether listeners may bind to a non-loopback address with authentication off (warns at every start). */
        private boolean allowInsecure;

        /** Delay of the first slowed-down answer to repeated authentication failures from one address. */
        private Duration failureDelay = AuthConfig.DISABLED.failureDelay();

        /** Longest delay of an answer to repeated authentication failures from one address. */
        private Duration maxFailureDelay = AuthConfig.DISABLED.maxFailureDelay();

        private final InitialUser initialUser = new InitialUser();

        AuthConfig toAuthConfig() {
            AuthConfig.InitialUser first = initialUser.username == null || initialUser.username.isBlank()
                    ? null : new AuthConfig.InitialUser(initialUser.username, initialUser.secret);
            return new AuthConfig(authenticationEnabled, authorizationEnabled, first, allowInsecure, failureDelay,
                    maxFailureDelay);
        }

        public boolean isAuthenticationEnabled() {
            return authenticationEnabled;
        }

        public void setAuthenticationEnabled(boolean authenticationEnabled) {
            this.authenticationEnabled = authenticationEnabled;
        }

        public boolean isAuthorizationEnabled() {
            return authorizationEnabled;
        }

        public void setAuthorizationEnabled(boolean authorizationEnabled) {
            this.authorizationEnabled = authorizationEnabled;
        }

        public boolean isAllowInsecure() {
            return allowInsecure;
        }

        public void setAllowInsecure(boolean allowInsecure) {
            this.allowInsecure = allowInsecure;
        }

        public Duration getFailureDelay() {
            return failureDelay;
        }

        public void setFailureDelay(Duration failureDelay) {
            this.failureDelay = failureDelay;
        }

        public Duration getMaxFailureDelay() {
            return maxFailureDelay;
        }

        public void setMaxFailureDelay(Duration maxFailureDelay) {
            this.maxFailureDelay = maxFailureDelay;
        }

        public InitialUser getInitialUser() {
            return initialUser;
        }

        @Override
        public String toString() {
            return "Auth[authenticationEnabled=" + authenticationEnabled + ", authorizationEnabled="
                    + authorizationEnabled + ", allowInsecure=" + allowInsecure + ", initialUser=" + initialUser + ']';
        }
    }

    /**
     * The super user created at start when no user of that name exists ({@code tandem.broker.auth.initial-user}).
     * Give the secret through the environment ({@code TANDEM_BROKER_AUTH_INITIALUSER_SECRET}) or a file-based
     * property source, not on the command line, where other local users can read it.
     */
    public static class InitialUser {

        /** Access key of the first super user; unset: no user is created. */
        private String username;

        /** Secret key of the first super user (at least 6 characters; use 32 random ones or more). */
        private String secret;

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        @Override
        public String toString() {
            return "InitialUser[username=" + username + ", secret=" + (secret == null ? "null" : "***") + ']';
        }
    }

    /**
     * Mutual TLS on a broker group's replication stream ({@code tandem.broker.replication.tls}), with the broker's
     * own files ({@code tandem.broker.tls.certificate-chain}, {@code private-key} and {@code trusted-certificates}):
     * the leader requires a certificate the trusted authorities signed from every replica, and a replica checks its
     * leader's. Every member of the group sets it alike.
     */
    public static class StreamTls {

        /** Whether the replication stream runs over mutual TLS. */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public String toString() {
            return "StreamTls[enabled=" + enabled + ']';
        }
    }

    /**
     * TLS of the broker and name-server listeners ({@code tandem.broker.tls}). The files are PEM; they are read
     * again whenever they change, so a renewed certificate is used by new connections without a restart.
     */
    public static class Tls {

        /** DISABLED (plain only), PERMISSIVE (TLS and plain on one port) or ENFORCING (TLS only). */
        private TlsMode mode = TlsMode.DISABLED;

        /** PEM file: the listeners' certificate, then its intermediates. */
        private Path certificateChain;

        /** PEM file: the certificate's private key (PKCS#8). */
        private Path privateKey;

        /** Password of an encrypted private key; unset for a plain one. */
        private String keyPassword;

        /** Whether clients are asked for a certificate: NONE, OPTIONAL or REQUIRED (mutual TLS). */
        private ClientCertificates clientCertificates = ClientCertificates.NONE;

        /** PEM file: the authorities whose client certificates (and name-server certificates) are accepted. */
        private Path trustedCertificates;

        /** Whether the broker registers with remote name servers over TLS, trusting trusted-certificates. */
        private boolean nameServerClient;

        TlsConfig toTlsConfig() {
            return new TlsConfig(mode, certificateChain, privateKey, keyPassword, clientCertificates,
                    trustedCertificates, nameServerClient);
        }

        public boolean isNameServerClient() {
            return nameServerClient;
        }

        public void setNameServerClient(boolean nameServerClient) {
            this.nameServerClient = nameServerClient;
        }

        public TlsMode getMode() {
            return mode;
        }

        public void setMode(TlsMode mode) {
            this.mode = mode;
        }

        public Path getCertificateChain() {
            return certificateChain;
        }

        public void setCertificateChain(Path certificateChain) {
            this.certificateChain = certificateChain;
        }

        public Path getPrivateKey() {
            return privateKey;
        }

        public void setPrivateKey(Path privateKey) {
            this.privateKey = privateKey;
        }

        public String getKeyPassword() {
            return keyPassword;
        }

        public void setKeyPassword(String keyPassword) {
            this.keyPassword = keyPassword;
        }

        public ClientCertificates getClientCertificates() {
            return clientCertificates;
        }

        public void setClientCertificates(ClientCertificates clientCertificates) {
            this.clientCertificates = clientCertificates;
        }

        public Path getTrustedCertificates() {
            return trustedCertificates;
        }

        public void setTrustedCertificates(Path trustedCertificates) {
            this.trustedCertificates = trustedCertificates;
        }

        @Override
        public String toString() {
            return "Tls[mode=" + mode + ", certificateChain=" + certificateChain + ", privateKey=" + privateKey
                    + ", keyPassword=" + (keyPassword == null ? "null" : "***") + ", clientCertificates="
                    + clientCertificates + ", trustedCertificates=" + trustedCertificates + ']';
        }
    }

    /** How the broker's own duty checks back undecided half messages ({@code tandem.broker.check-back.*}). */
    public static class CheckBack {

        /** Whether the broker runs its own check-back duty; unset means yes (an embedding application may decide). */
        private Boolean builtIn;

        /** How long after it was stored a half is first checked, unless its message asks for longer. */
        private Duration transactionTimeout = CheckBackPolicy.DEFAULT.timeout();

        /** Longest wait between two checks of a half (the wait doubles from the timeout). */
        private Duration maxBackoff = CheckBackPolicy.DEFAULT.maxBackoff();

        /** Checks before the end-of-checks action. */
        private int maxChecks = CheckBackPolicy.DEFAULT.maxChecks();

        /** What happens to a half whose checks ran out: ROLLBACK, COMMIT or PARK. */
        private EndOfChecks endOfChecks = CheckBackPolicy.DEFAULT.endOfChecks();

        public Boolean getBuiltIn() {
            return builtIn;
        }

        public void setBuiltIn(Boolean builtIn) {
            this.builtIn = builtIn;
        }

        public Duration getTransactionTimeout() {
            return transactionTimeout;
        }

        public void setTransactionTimeout(Duration transactionTimeout) {
            this.transactionTimeout = transactionTimeout;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public int getMaxChecks() {
            return maxChecks;
        }

        public void setMaxChecks(int maxChecks) {
            this.maxChecks = maxChecks;
        }

        public EndOfChecks getEndOfChecks() {
            return endOfChecks;
        }

        public void setEndOfChecks(EndOfChecks endOfChecks) {
            this.endOfChecks = endOfChecks;
        }
    }

    public static class LongPolling {

        /** Whether a pull with nothing to return is parked until a message arrives. */
        private boolean enabled = true;

        /** Longest a pull is parked, whatever the client asks for. */
        private Duration maxHold = Duration.ofSeconds(30);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getMaxHold() {
            return maxHold;
        }

        public void setMaxHold(Duration maxHold) {
            this.maxHold = maxHold;
        }
    }

    /** The message store under the data directory. */
    public static class Store {

        /** Size of each commit log segment file: a multiple of 4KB, at least 64KB, and larger than a record. */
        private DataSize segmentSize = DataSize.ofGigabytes(1);

        /** Off-heap memory holding the newest part of the log for consumers: at least twice the largest record. */
        private DataSize tailCacheSize = DataSize.ofMegabytes(64);

        /** I/O engine of the commit log: AUTO (io_uring where available), URING, PAGECACHE or MMAP. */
        private IoEngineKind ioEngine = IoEngineKind.AUTO;

        /**
         * Share of the data directory's file system (0 to 1) from which sends are refused with SERVICE_NOT_AVAILABLE
         * naming the disk; transaction decisions and due delayed messages may still use the space above it.
         */
        private double diskUsageHighWaterMark = StoreConfig.DEFAULT_DISK_USAGE_HIGH_WATER_MARK;

        /**
         * Share of that file system past which the oldest commit log segments are deleted, whatever their age and
         * whether or not they were consumed, until usage is below it again; 1 turns this off. At most the high-water
         * mark.
         */
        private double diskUsageRetentionThreshold = StoreConfig.DEFAULT_DISK_USAGE_RETENTION_THRESHOLD;

        public DataSize getSegmentSize() {
            return segmentSize;
        }

        public void setSegmentSize(DataSize segmentSize) {
            this.segmentSize = segmentSize;
        }

        public DataSize getTailCacheSize() {
            return tailCacheSize;
        }

        public void setTailCacheSize(DataSize tailCacheSize) {
            this.tailCacheSize = tailCacheSize;
        }

        public IoEngineKind getIoEngine() {
            return ioEngine;
        }

        public void setIoEngine(IoEngineKind ioEngine) {
            this.ioEngine = ioEngine;
        }

        public double getDiskUsageHighWaterMark() {
            return diskUsageHighWaterMark;
        }

        public void setDiskUsageHighWaterMark(double diskUsageHighWaterMark) {
            this.diskUsageHighWaterMark = diskUsageHighWaterMark;
        }

        public double getDiskUsageRetentionThreshold() {
            return diskUsageRetentionThreshold;
        }

        public void setDiskUsageRetentionThreshold(double diskUsageRetentionThreshold) {
            this.diskUsageRetentionThreshold = diskUsageRetentionThreshold;
        }
    }
}
