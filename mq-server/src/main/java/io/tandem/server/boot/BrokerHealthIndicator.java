package io.tandem.server.boot;

import io.tandem.server.Broker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Optional;

/**
 * Health of the broker (contributor {@code broker}): UP with its cluster, name and both listener addresses while it
 * runs, DOWN before it has started and once it has stopped.
 */
public final class BrokerHealthIndicator implements HealthIndicator {

    private final BrokerLifecycle lifecycle;

    public BrokerHealthIndicator(BrokerLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Health health() {
        Health.Builder health = new Health.Builder()
                .withDetail("cluster", lifecycle.config().clusterName())
                .withDetail("brokerName", lifecycle.config().brokerName());
        Optional<Broker> broker = lifecycle.broker();
        if (broker.isEmpty()) {
            return health.down().withDetail("reason", "not running").build();
        }
        return health.up()
                .withDetail("nameServerAddress", broker.get().nameServerAddress())
                .withDetail("brokerAddress", broker.get().brokerAddress())
                .build();
    }
}
