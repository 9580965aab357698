package io.tandem.console.cluster;

import io.tandem.client.ClientConfig;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;

/**
 * The console's connections to the cluster: one {@link AdminClient} for reads and administration, one
 * {@link Producer} (group {@value #PRODUCER_GROUP}) for resending dead letters. Both are started on first use, from
 * the name servers the {@link ClusterEndpoints} give at that moment, and closed with {@link #close()}. Thread-safe.
 */
public final class ClusterAccess implements AutoCloseable {

    /** Producer group of the console's resends. */
    public static final String PRODUCER_GROUP = "TANDEM_CONSOLE";

    private final ClusterEndpoints endpoints;
    private AdminClient admin;
    private Producer producer;
    private boolean closed;

    public ClusterAccess(ClusterEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * The admin client.
     *
     * @throws IllegalStateException if the name servers are not known yet, or after {@link #close()}
     */
    public synchronized AdminClient admin() {
        requireOpen();
        if (admin == null) {
            admin = AdminClient.start(clientConfig());
        }
        return admin;
    }

    /** The producer for resends; same failures as {@link #admin()}. */
    public synchronized Producer producer() {
        requireOpen();
        if (producer == null) {
            producer = Producer.start(clientConfig(), ProducerConfig.of(PRODUCER_GROUP));
        }
        return producer;
    }

    public ClusterEndpoints endpoints() {
        return endpoints;
    }

    private ClientConfig clientConfig() {
        return ClientConfig.of(endpoints.nameServers());
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the console's cluster connections are closed");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
    }
}
