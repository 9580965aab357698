package io.tandem.spring.health;

import io.tandem.client.ClientConfig;
import io.tandem.client.admin.AdminClient;
import io.tandem.protocol.route.BrokerData;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Whether the application reaches Tandem: the name servers answer with the cluster's brokers, and every master broker
 * answers a request (for its consumer groups). UP lists the name servers ({@code nameServers}) and the master brokers
 * reached ({@code brokers}: name to address); DOWN adds the {@code error}: the name server or the broker that could
 * not be reached or did not answer within {@code tandem.mq.client.rpc-timeout}, or a name server that knows no broker.
 *
 * <p>Each check asks the cluster anew through an {@link AdminClient} of its own, started at the first check and
 * closed by {@link #close()}. Thread-safe.
 */
public final class MqHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

    private final ClientConfig clientConfig;
    private AdminClient admin;
    private boolean closed;

    /** @param clientConfig where the name servers are and how long a request may wait */
    public MqHealthIndicator(ClientConfig clientConfig) {
        super("Tandem health check failed");
        this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("nameServers", clientConfig.nameServerAddresses());
        AdminClient client = admin();
        Map<String, String> brokers = new TreeMap<>();
        for (BrokerData broker : client.clusterInfo().brokerAddrTable().values()) {
            if (broker.masterAddress() != null) {
                brokers.put(broker.brokerName(), broker.masterAddress());
            }
        }
        builder.withDetail("brokers", brokers);
        if (brokers.isEmpty()) {
            builder.down().withDetail("error", "the name servers know no broker with a master");
            return;
        }
        client.listGroups();
        builder.up();
    }

    private synchronized AdminClient admin() {
        if (closed) {
            throw new IllegalStateException("the Tandem health indicator is closed");
        }
        if (admin == null) {
            admin = AdminClient.start(clientConfig);
        }
        return admin;
    }

    /** Closes the admin client's connections. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
