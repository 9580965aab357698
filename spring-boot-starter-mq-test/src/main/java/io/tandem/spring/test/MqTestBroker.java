package io.tandem.spring.test;

import io.tandem.client.ClientConfig;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.txn.CheckBackPolicy;
import org.springframework.boot.convert.DurationStyle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A Tandem broker with its name server, running in the test's JVM on free ports of 127.0.0.1 with a small store and
 * SQL92 property filtering on (so listeners may select by SQL92; a production broker needs
 * {@code tandem.broker.property-filter-enabled=true} for that): what {@link EmbeddedMqBroker} starts for a test's
 * application context, where it is also a bean. Tests may inject it to create topics or to read the broker's meters.
 *
 * <p>Thread-safe. {@link #close()} stops the broker and deletes its data directory when it created that directory.
 */
public final class MqTestBroker implements AutoCloseable {

    private final Broker broker;
    private final Path directory;
    private final boolean ownsDirectory;

    private MqTestBroker(Broker broker, Path directory, boolean ownsDirectory) {
        this.broker = broker;
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
    }

    /**
     * Starts a broker in a new temporary directory, deleted again by {@link #close()}.
     *
     * @param delayLevels the durations of delay levels 1..n, which also pace the retries of failed messages (level
     *                    3 + n for the n-th retry); empty for the broker's 18 classic levels (1 s, 5 s, 10 s, ...)
     * @throws UncheckedIOException if the directory, the store or a port cannot be opened
     */
    public static MqTestBroker start(List<Duration> delayLevels) {
        return start(delayLevels, null);
    }

    /**
     * {@link #start(List)} with {@code transactionTimeout} as the wait before the first check-back of an undecided
     * transactional message (later ones back off up to four times that; after 15 the message is rolled back), or
     * the broker's default when null.
     */
    public static MqTestBroker start(List<Duration> delayLevels, Duration transactionTimeout) {
        return start(delayLevels, transactionTimeout, true);
    }

    /**
     * {@link #start(List, Duration)}, with the broker's own check-back duty off when {@code builtInCheckBack} is
     * false: a coordinator ({@link MqTestCoordinator}) then decides undecided transactional messages.
     */
    public static MqTestBroker start(List<Duration> delayLevels, Duration transactionTimeout,
                                     boolean builtInCheckBack) {
        Path directory;
        try {
            directory = Files.createTempDirectory("tandem-test-broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the test broker", e);
        }
        try {
            return new MqTestBroker(startBroker(directory, delayLevels, transactionTimeout, builtInCheckBack),
                    directory, true);
        } catch (RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    /** Starts a broker storing its data under {@code directory}, which {@link #close()} leaves in place. */
    public static MqTestBroker start(Path directory, List<Duration> delayLevels) {
        return new MqTestBroker(startBroker(Objects.requireNonNull(directory, "directory"), delayLevels, null, true),
                directory, false);
    }

    private static Broker startBroker(Path directory, List<Duration> delayLevels, Duration transactionTimeout,
                                      boolean builtInCheckBack) {
        BrokerConfig.Builder builder = BrokerConfig.builder(directory)
                .randomPorts()
                .builtInCheckBack(builtInCheckBack)
                .propertyFilter(true)
                .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20));
        if (!delayLevels.isEmpty()) {
            builder.delayLevels(delayLevels);
        }
        if (transactionTimeout != null) {
            builder.checkBack(new CheckBackPolicy(transactionTimeout, transactionTimeout.multipliedBy(4),
                    CheckBackPolicy.DEFAULT.maxChecks(), EndOfChecks.ROLLBACK));
        }
        try {
            return Broker.start(builder.build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test broker in " + directory, e);
        }
    }

    /**
     * Parses delay levels written like RocketMQ's {@code messageDelayLevel}: durations separated by spaces or commas,
     * such as {@code "100ms 200ms 300ms"} or {@code "1s, 5s"}.
     *
     * @throws IllegalArgumentException if a duration cannot be parsed
     */
    public static List<Duration> parseDelayLevels(String levels) {
        List<Duration> parsed = new ArrayList<>();
        if (levels == null) {
            return parsed;
        }
        for (String level : levels.split("[\\s,]+")) {
            if (!level.isBlank()) {
                parsed.add(DurationStyle.detectAndParse(level));
            }
        }
        return List.copyOf(parsed);
    }

    /** {@code host:port} of the name server: the value of {@code tandem.mq.name-server}. */
    public String nameServerAddress() {
        return broker.nameServerAddress();
    }

    /** {@code host:port} of the broker itself. */
    public String brokerAddress() {
        return broker.brokerAddress();
    }

    /** Where the broker keeps its data. */
    public Path directory() {
        return directory;
    }

    /** The running broker, for its meters. */
    public Broker broker() {
        return broker;
    }

    /**
     * Creates the topics (or updates them where they exist) with {@code queues} read and write queues each, and waits
     * until the name server routes them.
     */
    public void createTopics(int queues, String... topics) {
        if (topics.length == 0) {
            return;
        }
        try (AdminClient admin = AdminClient.start(ClientConfig.of(nameServerAddress()))) {
            for (String topic : topics) {
                admin.createTopic(TopicSettings.of(topic, queues));
            }
        }
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            if (ownsDirectory) {
                deleteRecursively(directory);
            }
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test broker's directory " + directory, e);
        }
    }

    @Override
    public String toString() {
        return "MqTestBroker{nameServer=" + nameServerAddress() + ", broker=" + brokerAddress() + '}';
    }
}
