package io.tandem.server.boot;

import io.tandem.server.NameServer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Optional;

/**
 * Health of a stand-alone name server (contributor {@code nameServer}): UP with its address and the broker groups
 * registered with it while it runs, DOWN otherwise.
 */
public final class NameServerHealthIndicator implements HealthIndicator {

    private final NameServerLifecycle lifecycle;

    public NameServerHealthIndicator(NameServerLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Health health() {
        Optional<NameServer> nameServer = lifecycle.nameServer();
        if (nameServer.isEmpty()) {
            return Health.down().withDetail("reason", "not running").build();
        }
        return Health.up()
                .withDetail("address", nameServer.get().address())
                .withDetail("brokerGroups", nameServer.get().registry().clusterInfo().brokerAddrTable().keySet())
                .build();
    }
}
