package io.tandem.spring.test;

import io.tandem.coordinator.app.TransactionCoordinatorApplication;
import io.tandem.coordinator.record.DecisionRecord;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.TransactionRecord;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tandem's transaction coordinator running in the test's JVM, in an application context of its own, against a
 * {@link MqTestBroker} whose own check-back duty is off: it finds the broker's undecided half messages, checks them
 * back with the producers, decides them and keeps its record in an in-memory H2 database of its own. What
 * {@code @EmbeddedMqBroker(coordinator = true)} starts; a bean of the test's context, for reading the record.
 *
 * <p>The coordinator's context takes none of the application's settings: its environment holds only its own
 * properties, with no system properties, environment variables or configuration files ({@code application.properties}
 * and the like are not read). So an application whose {@code application.properties} names its real database keeps
 * the coordinator's tables out of it, and the application's {@code schema.sql}, {@code data.sql} and migrations are
 * not run for the coordinator.
 *
 * <p>The coordinator and H2 come with {@code tandem-spring-boot-starter-test}. Its timers
 * are fast: a round every 100 ms, checks after the first spaced by 500 ms doubling up to 2 s. Thread-safe.
 */
public final class MqTestCoordinator implements AutoCloseable {

    /** The coordinator's configuration files: a location with none in it, so that none is read. */
    private static final String NO_CONFIGURATION_FILES = "optional:classpath:/io/tandem/spring/test/coordinator-none/";

    private final ConfigurableApplicationContext context;

    private MqTestCoordinator(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a coordinator resolving the halves of the broker at {@code brokerAddress} ({@code host:port}). */
    public static MqTestCoordinator start(String brokerAddress) {
        return start(brokerAddress, Map.of());
    }

    /**
     * {@link #start(String)} with further coordinator settings, which win over the test defaults: for example a
     * producer group's HTTP check endpoint ({@code tandem.coordinator.producers.<group>.check-url}) and the secret its
     * requests are signed with ({@code tandem.coordinator.http.secret}).
     */
    public static MqTestCoordinator start(String brokerAddress, Map<String, String> settings) {
        Map<String, Object> properties = new HashMap<>(Map.ofEntries(
                // Off by default wherever this artifact is on the class path (CoordinatorOffByDefault).
                Map.entry("tandem.coordinator.enabled", "true"),
                Map.entry("tandem.coordinator.brokers", brokerAddress),
                Map.entry("tandem.coordinator.poll-interval", "100ms"),
                Map.entry("tandem.coordinator.backoff.initial", "500ms"),
                Map.entry("tandem.coordinator.backoff.max", "2s"),
                Map.entry("spring.config.location", NO_CONFIGURATION_FILES),
                Map.entry("spring.datasource.url", "jdbc:h2:mem:tandem-test-coordinator-" + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=-1"),
                Map.entry("spring.datasource.username", "sa"),
                Map.entry("spring.datasource.password", ""),
                Map.entry("spring.sql.init.mode", "never"),
                Map.entry("spring.flyway.enabled", "false"),
                Map.entry("spring.liquibase.enabled", "false"),
                Map.entry("spring.application.name", "tandem-test-coordinator"),
                Map.entry("spring.main.banner-mode", "off"),
                // The coordinator's context sees the application's class path; Tandem's client side is not its job.
                Map.entry("spring.autoconfigure.exclude", "io.tandem.spring.autoconfigure.MqAutoConfiguration,"
                        + "io.tandem.spring.autoconfigure.MqJdbcAutoConfiguration,"
                        + "io.tandem.spring.autoconfigure.MqHealthContributorAutoConfiguration")));
        properties.putAll(settings);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TransactionCoordinatorApplication.class)
                .environment(new OwnEnvironment(properties))
                .web(WebApplicationType.NONE)
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

    /**
     * An environment with the coordinator's own properties only: unlike a standard one, without the JVM's system
     * properties and the process's environment variables, which belong to the application under test.
     */
    private static final class OwnEnvironment extends StandardEnvironment {

        OwnEnvironment(Map<String, Object> properties) {
            getPropertySources().addFirst(new MapPropertySource("tandemTestCoordinator", properties));
        }

        @Override
        protected void customizePropertySources(MutablePropertySources propertySources) {
            // Nothing of the process: the coordinator's properties are added by the constructor.
        }
    }
}
