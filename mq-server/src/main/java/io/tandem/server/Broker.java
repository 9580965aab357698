package io.tandem.server;

import io.tandem.server.config.BrokerConfig;
import io.tandem.server.replication.Replication;
import io.tandem.server.replication.EpochHistory;
import io.tandem.server.replication.ReplicationFence;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running broker, by default with its embedded name server: listeners speaking the RocketMQ remoting protocol over
 * one message store. It registers with its embedded name server and with every name server of its
 * {@link io.tandem.server.cluster.ClusterConfig}, and unregisters from them when closed. Start one with
 * {@link #start(BrokerConfig)}; {@link #close()} stops accepting, answers nothing more, flushes offsets and closes the
 * store. Thread-safe.
 *
 * <pre>{@code
 * try (Broker broker = Broker.start(BrokerConfig.builder(Path.of("data")).build())) {
 *     // clients use broker.nameServerAddress()
 * }
 * }</pre>
 */
public final class Broker implements AutoCloseable {

    private final String nameServerAddress;
    private final String brokerAddress;
    private final MeterRegistry registry;
    private final List<AutoCloseable> closeInOrder;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Replication replication;

    Broker(String nameServerAddress, String brokerAddress, MeterRegistry registry, List<AutoCloseable> closeInOrder,
           Replication replication) {
        this.replication = replication;
        this.nameServerAddress = nameServerAddress;
        this.brokerAddress = brokerAddress;
        this.registry = registry;
        this.closeInOrder = List.copyOf(closeInOrder);
    }

    /** Starts a broker whose meters go to a private registry (see {@link #meterRegistry()}). */
    public static Broker start(BrokerConfig config) throws IOException {
        return start(config, new SimpleMeterRegistry());
    }

    /**
     * Opens the store (recovering it if needed), reloads topics, groups, offsets and delay progress, binds both
     * listeners and starts serving.
     *
     * @throws IOException if the store cannot be opened or a port cannot be bound
     */
    public static Broker start(BrokerConfig config, MeterRegistry registry) throws IOException {
        return start(config, registry, ReplicationFence.NONE, null);
    }

    /**
     * Like {@link #start(BrokerConfig, MeterRegistry)}, for a member of a controlled broker group: {@code fence} is
     * asked before every send is taken and again before it is acknowledged; a leader answers replicas' EPOCHS
     * requests from {@code history} (null: it keeps none).
     *
     * @throws IOException if the store cannot be opened or a port cannot be bound
     */
    public static Broker start(BrokerConfig config, MeterRegistry registry, ReplicationFence fence,
                               EpochHistory history) throws IOException {
        return BrokerAssembly.assemble(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(fence, "fence"), history);
    }

    /**
     * What clients are configured with: "host:port" of the embedded name server, or, for a broker without one, its
     * name servers as "host:port;host:port".
     */
    public String nameServerAddress() {
        return nameServerAddress;
    }

    /** "host:port" of the broker listener, as advertised in routes. */
    public String brokerAddress() {
        return brokerAddress;
    }

    /** This broker's replication: the leader's listener and in-sync set, or the replica's link to its leader. */
    public Replication replication() {
        return replication;
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (AutoCloseable closeable : closeInOrder) {
            try {
                closeable.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("broker did not close cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
