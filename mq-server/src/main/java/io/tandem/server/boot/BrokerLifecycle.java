package io.tandem.server.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.failover.ControlledBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts the {@link Broker} when the application context starts and closes it when the context stops. It runs in
 * the last phase: the broker is started after everything else and closed before anything else (the management web
 * server keeps answering while it closes).
 *
 * <p>A member of a controlled broker group runs as a {@link ControlledBroker}, which switches the broker's role as
 * the controller says.
 *
 * <p>A broker that cannot start (store cannot be opened, port taken) fails the application's startup with the
 * cause. Thread-safe.
 */
public final class BrokerLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLifecycle.class);

    private final BrokerConfig config;
    private final MeterRegistry meterRegistry;
    private final Duration controllerLease;
    private volatile Broker broker;
    private volatile ControlledBroker member;

    public BrokerLifecycle(BrokerConfig config, MeterRegistry meterRegistry) {
        this(config, meterRegistry, Duration.ofSeconds(3));
    }

    /**
     * @param controllerLease the controller's lease, for a member of a controlled group
     *                        ({@link io.tandem.server.replication.ReplicationConfig#controlled()})
     */
    public BrokerLifecycle(BrokerConfig config, MeterRegistry meterRegistry, Duration controllerLease) {
        this.config = Objects.requireNonNull(config, "config");
        this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
        this.controllerLease = Objects.requireNonNull(controllerLease, "controllerLease");
    }

    @Override
    public synchronized void start() {
        if (broker != null || member != null) {
            return;
        }
        try {
            if (config.replication().controlled()) {
                member = ControlledBroker.start(config, meterRegistry, controllerLease);
                return;
            }
            broker = Broker.start(config, meterRegistry);
        } catch (IOException e) {
            throw new UncheckedIOException("broker could not start with data directory "
                    + config.dataDirectory().toAbsolutePath(), e);
        }
    }

    @Override
    public synchronized void stop() {
        ControlledBroker controlled = member;
        if (controlled != null) {
            member = null;
            controlled.close();
            LOG.info("Broker {} stopped", config.brokerName());
            return;
        }
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
        return broker != null || member != null;
    }

    /** The running broker, empty before start and after stop (and while a controlled member switches roles). */
    public Optional<Broker> broker() {
        ControlledBroker controlled = member;
        return controlled != null ? controlled.broker() : Optional.ofNullable(broker);
    }

    public BrokerConfig config() {
        return config;
    }
}
