package io.tandem.spring.test;

import io.tandem.coordinator.app.TransactionCoordinatorApplication;
import io.tandem.coordinator.record.DecisionRecord;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.TransactionRecord;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tandem's transaction coordinator running in the test's JVM, in an application context of its own, against a
 * {@link MqTestBroker} whose own check-back duty is off: it finds the broker's undecided half messages, checks them
 * back with the producers, decides them and keeps its record in an in-memory H2 database. What
 * {@code @EmbeddedMqBroker(coordinator = true)} starts; a bean of the test's context, for reading the record.
 *
 * <p>Needs {@code io.tandem:tandem-txn-coordinator} and {@code com.h2database:h2} on the test class path. Its timers
 * are fast: a round every 100 ms, checks after the first spaced by 500 ms doubling up to 2 s. Thread-safe.
 */
public final class MqTestCoordinator implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private MqTestCoordinator(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a coordinator resolving the halves of the broker at {@code brokerAddress} ({@code host:port}). */
    public static MqTestCoordinator start(String brokerAddress) {
        Map<String, Object> properties = Map.ofEntries(
                Map.entry("tandem.coordinator.brokers", brokerAddress),
                Map.entry("tandem.coordinator.poll-interval", "100ms"),
                Map.entry("tandem.coordinator.backoff.initial", "500ms"),
                Map.entry("tandem.coordinator.backoff.max", "2s"),
                Map.entry("spring.datasource.url", "jdbc:h2:mem:tandem-test-coordinator-" + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=-1"),
                Map.entry("spring.sql.init.mode", "never"),
                Map.entry("spring.application.name", "tandem-test-coordinator"),
                Map.entry("spring.main.banner-mode", "off"),
                // The coordinator's context sees the application's class path; Tandem's client side is not its job.
                Map.entry("spring.autoconfigure.exclude", "io.tandem.spring.autoconfigure.MqAutoConfiguration,"
                        + "io.tandem.spring.autoconfigure.MqJdbcAutoConfiguration,"
                        + "io.tandem.spring.autoconfigure.MqHealthContributorAutoConfiguration"));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TransactionCoordinatorApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .registerShutdownHook(false)
                .run();
        return new MqTestCoordinator(context);
    }

    /** The coordinator's record: halves, check attempts, decisions. */
    public TransactionRecord record() {
        return context.getBean(TransactionRecord.class);
    }

    /** The half of {@code producerGroup} with transaction id (UNIQ_KEY) {@code transactionId}, if recorded. */
    public Optional<HalfRecord> half(String producerGroup, String transactionId) {
        return record().halvesOfGroup(producerGroup).stream()
                .filter(half -> transactionId.equals(half.transactionId()))
                .findFirst();
    }

    /** The decision recorded for that half, if any. */
    public Optional<DecisionRecord> decision(String producerGroup, String transactionId) {
        return half(producerGroup, transactionId).flatMap(half -> record().decision(half.id()));
    }

    @Override
    public void close() {
        context.close();
    }
}
