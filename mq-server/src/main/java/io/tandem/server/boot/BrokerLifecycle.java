package io.tandem.server.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts the {@link Broker} when the application context starts and closes it when the context stops. It runs in
 * the last phase: the broker is started after everything else and closed before anything else (the management web
 * server keeps answering while it closes).
 *
 * <p>A broker that cannot start (store cannot be opened, port taken) fails the application's startup with the
 * cause. Thread-safe.
 */
public final class BrokerLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLifecycle.class);

    private final BrokerConfig config;
    private final MeterRegistry meterRegistry;
    private volatile Broker broker;

    public BrokerLifecycle(BrokerConfig config, MeterRegistry meterRegistry) {
        this.config = Objects.requireNonNull(config, "config");
        this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
    }

    @Override
    public synchronized void start() {
        if (broker != null) {
            return;
        }
        try {
            broker = Broker.start(config, meterRegistry);
        } catch (IOException e) {
            throw new UncheckedIOException("broker could not start with data directory "
                    + config.dataDirectory().toAbsolutePath(), e);
        }
    }

    @Override
    public synchronized void stop() {
        Broker running = broker;
        if (running == null) {
            return;
        }
        broker = null;
        running.close();
        LOG.info("Broker {} stopped", config.brokerName());
    }

    @Override
    public boolean isRunning() {
        return broker != null;
    }

    /** The running broker, empty before start and after stop. */
    public Optional<Broker> broker() {
        return Optional.ofNullable(broker);
    }

    public BrokerConfig config() {
        return config;
    }
}
