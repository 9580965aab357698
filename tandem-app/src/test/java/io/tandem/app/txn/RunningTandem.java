package io.tandem.app.txn;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.app.TandemApplication;
import io.tandem.client.ClientConfig;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.server.Broker;
import io.tandem.server.boot.BrokerLifecycle;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole application (broker, name server, coordinator with its H2 record) started as {@code TandemApplication}
 * starts it, on a given data directory with random ports and short coordinator timings. {@link #restart()} stops it
 * and starts it again on the same data directory and the same broker and name-server ports, so clients keep their
 * addresses and the coordinator's record keeps naming the same broker.
 */
final class RunningTandem implements AutoCloseable {

    /** Settings every test instance shares; {@code extra} settings given to {@link #start} override them. */
    private static final Map<String, String> TEST_DEFAULTS = Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("management.server.port", "0"),
            Map.entry("tandem.broker.name-server-port", "0"),
            Map.entry("tandem.broker.broker-port", "0"),
            Map.entry("tandem.broker.store.segment-size", "64MB"),
            Map.entry("tandem.broker.store.tail-cache-size", "16MB"),
            Map.entry("tandem.broker.check-back.transaction-timeout", "500ms"),
            Map.entry("tandem.coordinator.poll-interval", "100ms"),
            Map.entry("tandem.coordinator.broker-timeout", "1s"),
            Map.entry("tandem.coordinator.backoff.initial", "300ms"),
            Map.entry("tandem.coordinator.backoff.max", "1s"),
            Map.entry("tandem.coordinator.max-checks", "30"));

    private final Map<String, String> settings;
    private ConfigurableApplicationContext context;

    private RunningTandem(Map<String, String> settings) {
        this.settings = settings;
    }

    static RunningTandem start(Path dataDirectory, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(TEST_DEFAULTS);
        settings.put("tandem.broker.data-directory", dataDirectory.toString());
        settings.putAll(extra);
        RunningTandem tandem = new RunningTandem(settings);
        tandem.context = run(settings);
        return tandem;
    }

    /** Stops the application and starts it again on the same data directory, broker port and name-server port. */
    void restart() {
        Map<String, String> again = new LinkedHashMap<>(settings);
        again.put("tandem.broker.name-server-port", Integer.toString(port(nameServer())));
        again.put("tandem.broker.broker-port", Integer.toString(port(brokerAddress())));
        context.close();
        context = run(again);
    }

    String nameServer() {
        return broker().nameServerAddress();
    }

    String brokerAddress() {
        return broker().brokerAddress();
    }

    /** The port of the coordinator's operator API. */
    int apiPort() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    TransactionRecord record() {
        return context.getBean(TransactionRecord.class);
    }

    MeterRegistry meters() {
        return context.getBean(MeterRegistry.class);
    }

    /** Client settings for this application with fast heartbeats and route refreshes. */
    ClientConfig clientConfig() {
        return ClientConfig.builder(nameServer())
                .heartbeatInterval(Duration.ofSeconds(1))
                .routeRefreshInterval(Duration.ofSeconds(1))
                .build();
    }

    @Override
    public void close() {
        context.close();
    }

    private Broker broker() {
        return context.getBean(BrokerLifecycle.class).broker()
                .orElseThrow(() -> new IllegalStateException("the broker is not running"));
    }

    private static ConfigurableApplicationContext run(Map<String, String> settings) {
        String[] args = settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(TandemApplication.class).properties(TandemApplication.CONFIG_NAMES)
                .run(args);
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
