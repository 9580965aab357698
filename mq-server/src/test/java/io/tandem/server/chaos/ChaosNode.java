package io.tandem.server.chaos;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.server.Broker;
import io.tandem.server.NameServer;
import io.tandem.server.boot.BrokerProperties;
import io.tandem.server.boot.ClusterProperties;
import io.tandem.server.boot.TandemBrokerApplication;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.failover.ControlledBroker;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A node of {@link ChaosCluster}: takes the application's own {@code --tandem.*} properties and binds them with the
 * application's property classes ({@link BrokerProperties}, {@link ClusterProperties}), so a node is configured
 * exactly as {@link TandemBrokerApplication} would be, but starts the broker or the stand-alone name server without
 * an application context (a member of a controlled group as a {@link ControlledBroker}, as the application runs it). On a machine shared by several builds, six Spring contexts starting at once took minutes;
 * this starts in seconds. SIGTERM closes it cleanly through a shutdown hook, SIGKILL not at all.
 */
public final class ChaosNode {

    private ChaosNode() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            properties.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        BrokerProperties broker = binder.bindOrCreate("tandem.broker", BrokerProperties.class);
        ClusterProperties cluster = binder.bindOrCreate("tandem", ClusterProperties.class);
        BrokerConfig config = broker.toBrokerConfig();
        AutoCloseable running;
        if (!cluster.getRole().runsBroker()) {
            running = NameServer.start(cluster.toNameServerConfig(config));
        } else if (config.replication().controlled()) {
            // As BrokerLifecycle does: a member of a controlled group switches roles as the controller says.
            running = ControlledBroker.start(cluster.toBrokerConfig(config), new SimpleMeterRegistry(),
                    broker.getReplication().getLease());
        } else {
            running = Broker.start(cluster.toBrokerConfig(config));
        }
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }));
        System.out.println("READY " + cluster.getRole());
        closed.await();
    }
}
