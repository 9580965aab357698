package io.tandem.server.cluster;

import io.tandem.server.namesrv.BrokerRegistration;
import io.tandem.server.namesrv.BrokerRegistry;
import io.tandem.server.namesrv.RegistrationResult;

import java.util.concurrent.CompletableFuture;

/**
 * The name server of this broker's own process: registration is a call into its {@link BrokerRegistry}, pinned so
 * that the broker never expires from it while the process lives.
 */
final class EmbeddedNameServer implements NameServerTarget {

    private final BrokerRegistry registry;

    EmbeddedNameServer(BrokerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public CompletableFuture<Void> register(Announcement announcement) {
        RegistrationResult result = registry.register(new BrokerRegistration(announcement.identity().clusterName(),
                announcement.identity().brokerName(), announcement.identity().addressText(),
                announcement.haAddress(), announcement.brokerId(), announcement.brokerId(), null,
                announcement.maxOffset(), null, announcement.dataVersion(), announcement.topics(), true, true));
        return result.accepted() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IllegalStateException(result.reason()));
    }

    @Override
    public CompletableFuture<Void> unregister(Announcement announcement) {
        registry.unregister(announcement.identity().clusterName(), announcement.identity().brokerName(),
                announcement.identity().addressText(), announcement.brokerId());
        return CompletableFuture.completedFuture(null);
    }
}
