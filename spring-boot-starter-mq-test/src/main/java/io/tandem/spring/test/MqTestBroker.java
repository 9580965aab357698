package io.tandem.spring.test;

import io.tandem.client.ClientConfig;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.server.Broker;
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
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Tandem broker with its name server on free ports of 127.0.0.1 with a small store and SQL92 property filtering on
 * (so listeners may select by SQL92; a production broker needs {@code tandem.broker.property-filter-enabled=true} for
 * that): what {@link EmbeddedMqBroker} starts for a test's application context, where it is also a bean. Tests may
 * inject it to create topics or, when it runs in the test's JVM, to read the broker's meters.
 *
 * <p>The broker needs Java 25. On Java 25 and later it runs in the test's JVM; on an older Java (an application on
 * Java 17 or 21) it runs in a child process of a JDK 25 or later, found through the system property
 * {@code tandem.test.java-home}, the environment variable {@code TANDEM_TEST_JAVA_HOME}, a {@code jdk} toolchain of
 * version 25 in {@code ~/.m2/toolchains.xml}, or {@code JAVA_HOME}, in that order, and on the test JVM's class path
 * (or the system property {@code tandem.test.broker-classpath}). The process's output goes to a log file, named by
 * {@link #processLog()} and in every failure. The system property {@value #PROCESS_PROPERTY}{@code =true} makes the
 * broker run in a child process on Java 25 too.
 *
 * <p>Thread-safe. {@link #close()} stops the broker (and its process) and deletes its data directory when it created
 * that directory.
 */
public final class MqTestBroker implements AutoCloseable {

    /** System property: {@code true} runs the broker in a child process even where the test JVM could run it. */
    public static final String PROCESS_PROPERTY = "tandem.test.broker-process";

    private final BrokerHandle handle;
    private final Path directory;
    private final boolean ownsDirectory;

    private MqTestBroker(BrokerHandle handle, Path directory, boolean ownsDirectory) {
        this.handle = handle;
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
    }

    /**
     * Whether a broker started now runs in a child process: on a Java older than 25, or with
     * {@value #PROCESS_PROPERTY}{@code =true}.
     */
    public static boolean runsInChildProcess() {
        return Runtime.version().feature() < ChildProcessBroker.BROKER_JAVA || Boolean.getBoolean(PROCESS_PROPERTY);
    }

    /**
     * Starts a broker in a new temporary directory, deleted again by {@link #close()}.
     *
     * @param delayLevels the durations of delay levels 1..n, which also pace the retries of failed messages (level
     *                    3 + n for the n-th retry); empty for the broker's 18 classic levels (1 s, 5 s, 10 s, ...)
     * @throws UncheckedIOException  if the directory, the store or a port cannot be opened
     * @throws IllegalStateException if the broker's child process finds no JDK 25 or does not start (the message
     *                               names its log)
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

    private static BrokerHandle startBroker(Path directory, List<Duration> delayLevels, Duration transactionTimeout,
                                            boolean builtInCheckBack) {
        if (runsInChildProcess()) {
            return ChildProcessBroker.start(directory, delayLevels.stream().map(level -> level.toMillis() + "ms")
                    .collect(Collectors.joining(" ")), transactionTimeout, builtInCheckBack);
        }
        return InProcessBroker.start(directory, delayLevels, transactionTimeout, builtInCheckBack);
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
        return handle.nameServerAddress();
    }

    /** {@code host:port} of the broker itself. */
    public String brokerAddress() {
        return handle.brokerAddress();
    }

    /** The log file with the output of the broker's child process, when it runs in one. */
    public Optional<Path> processLog() {
        return handle instanceof ChildProcessBroker child ? Optional.of(child.log()) : Optional.empty();
    }

    /** Where the broker keeps its data. */
    public Path directory() {
        return directory;
    }

    /**
     * The running broker, for its meters.
     *
     * @throws IllegalStateException if the broker runs in a child process ({@link #runsInChildProcess()})
     */
    public Broker broker() {
        if (handle instanceof InProcessBroker inProcess) {
            return inProcess.broker();
        }
        throw new IllegalStateException("The test broker runs in a child process (" + handle + "), so its Broker"
                + " object is not in this JVM: broker() needs the tests to run on Java "
                + ChildProcessBroker.BROKER_JAVA + " or later without " + PROCESS_PROPERTY + "=true");
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
            handle.close();
        } finally {
            if (ownsDirectory) {
                deleteRecursively(directory);
            }
        }
    }

    static void deleteRecursively(Path directory) {
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
        return "MqTestBroker{nameServer=" + nameServerAddress() + ", broker=" + brokerAddress()
                + processLog().map(log -> ", processLog=" + log).orElse("") + '}';
    }
}
