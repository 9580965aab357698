package io.tandem.server.boot;

import io.tandem.server.BrokerConfig;
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

    private final LongPolling longPolling = new LongPolling();

    private final Store store = new Store();

    private final CheckBack checkBack = new CheckBack();

    /** The broker configuration these settings describe; throws {@link IllegalArgumentException} if one is invalid. */
    public BrokerConfig toBrokerConfig() {
        long segmentSize = store.segmentSize.toBytes();
        long tailCacheSize = store.tailCacheSize.toBytes();
        IoEngineKind ioEngine = store.ioEngine;
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
                .store(config -> config
                        .segmentSize(segmentSize)
                        .tailCacheSize(tailCacheSize)
                        .ioEngine(ioEngine))
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
        requirePositive(errors, "checkBack.transactionTimeout", checkBack.transactionTimeout);
        require(errors, "checkBack.maxBackoff", checkBack.maxBackoff != null && checkBack.transactionTimeout != null
                && checkBack.maxBackoff.compareTo(checkBack.transactionTimeout) >= 0,
                "must be at least the transaction timeout");
        require(errors, "checkBack.maxChecks", checkBack.maxChecks >= 1, "must be at least 1");
        require(errors, "checkBack.endOfChecks", checkBack.endOfChecks != null, "must be ROLLBACK, COMMIT or PARK");
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

    public LongPolling getLongPolling() {
        return longPolling;
    }

    public Store getStore() {
        return store;
    }

    /** Long polling: a pull that finds nothing waits for a message instead of returning empty. */
    public CheckBack getCheckBack() {
        return checkBack;
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
        private CheckBackPolicy.EndOfChecks endOfChecks = CheckBackPolicy.DEFAULT.endOfChecks();

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

        public CheckBackPolicy.EndOfChecks getEndOfChecks() {
            return endOfChecks;
        }

        public void setEndOfChecks(CheckBackPolicy.EndOfChecks endOfChecks) {
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
    }
}
