package io.tandem.client.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.server.testing.RunningBroker;

import java.time.Duration;

/** Client settings for the end-to-end tests' brokers. Stateless, so thread-safe. */
final class TestClients {

    private TestClients() {
    }

    /** Settings for {@code broker}'s name server with fast heartbeats and route refreshes. */
    static ClientConfig clientConfig(RunningBroker broker) {
        return ClientConfig.builder(broker.nameServerAddress())
                .heartbeatInterval(Duration.ofSeconds(2))
                .routeRefreshInterval(Duration.ofSeconds(1))
                .build();
    }
}
