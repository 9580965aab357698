package io.tandem.server.testing;

import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A real Tandem broker with its embedded name server for tests, in this JVM: both listeners on free ports of
 * 127.0.0.1, a small store in a temporary directory of its own, and delay levels of {@code level x}
 * {@link #LEVEL_STEP} so that delayed messages and retries (level 3 + reconsume times) come back quickly.
 *
 * <p>As a JUnit 5 extension, registered with {@code @RegisterExtension} on a {@code static} field, it starts before
 * the class's first test and stops after its last (its nested classes share it); on an instance field, it starts before and stops after each test:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningBroker broker = RunningBroker.configured(config -> config.propertyFilter(true));
 * }</pre>
 *
 * A test that needs a broker of its own for part of its body calls {@link #start()} in a try-with-resources block.
 * {@link #bounce()} stops the broker and starts it again on the same data directory and ports.
 *
 * <p>Not thread-safe: start, bounce and close from the test's thread; the accessors may be read from any thread once
 * it runs. Failures to create the directory, open the store or bind a port are thrown as
 * {@link UncheckedIOException} naming the directory; asking for the broker before it started is an
 * {@link IllegalStateException}.
 */
public final class RunningBroker implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, AutoCloseable {

    /** Delay level {@code n} waits {@code n * LEVEL_STEP}. */
    public static final Duration LEVEL_STEP = Duration.ofMillis(200);

    private final UnaryOperator<BrokerConfig.Builder> customizer;
    private final Path givenDirectory;
    private Path directory;
    private Broker broker;
    private boolean perClass;
    private String startedFor;

    private RunningBroker(UnaryOperator<BrokerConfig.Builder> customizer, Path givenDirectory) {
        this.customizer = Objects.requireNonNull(customizer, "customizer");
        this.givenDirectory = givenDirectory;
    }

    /** A broker with the defaults above, not started yet. */
    public static RunningBroker withDefaults() {
        return configured(UnaryOperator.identity());
    }

    /**
     * A broker whose configuration is the defaults above passed through {@code customizer} (which may override any
     * of them, the ports excepted on {@link #bounce()}), not started yet.
     */
    public static RunningBroker configured(UnaryOperator<BrokerConfig.Builder> customizer) {
        return new RunningBroker(customizer, null);
    }

    /**
     * This broker, not started yet, keeping its data in {@code directory} instead of a temporary directory of its
     * own; {@link #close()} leaves that directory in place, for a test that reads what the broker wrote there.
     */
    public RunningBroker storingIn(Path directory) {
        return new RunningBroker(customizer, Objects.requireNonNull(directory, "directory"));
    }

    /** How long delay level {@code level} waits with the default levels. */
    public static Duration delayOfLevel(int level) {
        return LEVEL_STEP.multipliedBy(level);
    }

    /**
     * Starts the broker now, for a test that closes it itself.
     *
     * @throws IllegalStateException if it runs already
     */
    public RunningBroker start() {
        if (broker != null) {
            throw new IllegalStateException("the test broker runs already, at " + broker.brokerAddress());
        }
        try {
            directory = givenDirectory != null ? Files.createDirectories(givenDirectory)
                    : Files.createTempDirectory("tandem-test-broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the test broker", e);
        }
        try {
            broker = startOn(0, 0);
        } catch (RuntimeException e) {
            deleteDirectory();
            throw e;
        }
        return this;
    }

    /** The running broker, for its meters and replication. */
    public Broker broker() {
        if (broker == null) {
            throw new IllegalStateException("the test broker is not running");
        }
        return broker;
    }

    /** {@code 127.0.0.1:port} of the name server. */
    public String nameServerAddress() {
        return broker().nameServerAddress();
    }

    /** {@code 127.0.0.1:port} of the broker itself. */
    public String brokerAddress() {
        return broker().brokerAddress();
    }

    /** Where the broker keeps its data; deleted by {@link #close()} unless given to {@link #storingIn}. */
    public Path directory() {
        broker();
        return directory;
    }

    /** Stops the broker and starts it again on the same data directory, broker port and name-server port. */
    public void bounce() {
        int nameServerPort = port(nameServerAddress());
        int brokerPort = port(brokerAddress());
        broker.close();
        broker = null;
        broker = startOn(nameServerPort, brokerPort);
    }

    /** Stops the broker, if it runs, and deletes its data directory. */
    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            deleteDirectory();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        if (startedFor == null) {
            startedFor = context.getUniqueId();
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(startedFor)) {
            startedFor = null;
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    private Broker startOn(int nameServerPort, int brokerPort) {
        List<Duration> levels = IntStream.rangeClosed(1, 18).mapToObj(RunningBroker::delayOfLevel).toList();
        BrokerConfig.Builder builder = BrokerConfig.builder(directory)
                .bindAddress("127.0.0.1")
                .delayLevels(levels)
                .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20));
        builder = customizer.apply(builder).nameServerPort(nameServerPort).brokerPort(brokerPort);
        try {
            return Broker.start(builder.build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test broker on " + directory, e);
        }
    }

    private void deleteDirectory() {
        if (directory == null || givenDirectory != null || !Files.exists(directory)) {
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

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    @Override
    public String toString() {
        return broker == null ? "RunningBroker{stopped}"
                : "RunningBroker{nameServer=" + broker.nameServerAddress() + ", broker=" + broker.brokerAddress() + '}';
    }
}
