package io.tandem.coordinator.broker;

import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.support.Properties;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.auth.AuthConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The coordinator's admin client against a broker with authentication and authorization on: configured with
 * {@code tandem.coordinator.access-key}/{@code secret-key} it is served, without them it is refused with the broker's
 * reason, and the secret shows neither in the properties nor in the refusals.
 */
class BrokerAdminClientAuthTest {

    private static final String SECRET = "coordinator-secret-6e0b2d";

    @TempDir
    Path directory;
    private Broker broker;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.builder(directory).randomPorts().builtInCheckBack(false)
                .auth(AuthConfig.enabled(new AuthConfig.InitialUser("coordinator", SECRET))).build());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void shouldSignAdminRequestsWithTheConfiguredCredentials() {
        CoordinatorProperties properties = Properties.bind(Map.of("tandem.coordinator.access-key", "coordinator",
                "tandem.coordinator.secret-key", SECRET));
        assertThat(properties.toString()).contains("accessKey=coordinator").doesNotContain(SECRET);
        try (BrokerAdminClient client = new BrokerAdminClient(properties.brokerTimeout(),
                properties.brokerCredentials(), properties.brokerTls().toClientTls())) {
            assertThat(client.listHalves(broker.brokerAddress(), 0, 10).halves()).isEmpty();
            assertThat(client.undecided(broker.brokerAddress(), 0)).isEmpty();
        }
    }

    @Test
    void shouldBeRefusedWithTheBrokersReasonWithoutOrWithWrongCredentials() {
        CoordinatorProperties unsigned = Properties.bind(Map.of());
        try (BrokerAdminClient client = new BrokerAdminClient(unsigned.brokerTimeout(), unsigned.brokerCredentials(),
                null)) {
            assertThatThrownBy(() -> client.listHalves(broker.brokerAddress(), 0, 10))
                    .isInstanceOf(BrokerAdminException.class)
                    .hasMessageContaining("username cannot be null.");
        }
        CoordinatorProperties wrong = Properties.bind(Map.of("tandem.coordinator.access-key", "coordinator",
                "tandem.coordinator.secret-key", SECRET + "-old"));
        try (BrokerAdminClient client = new BrokerAdminClient(wrong.brokerTimeout(), wrong.brokerCredentials(),
                null)) {
            assertThatThrownBy(() -> client.listHalves(broker.brokerAddress(), 0, 10))
                    .isInstanceOf(BrokerAdminException.class)
                    .hasMessageContaining("check signature failed.")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(SECRET));
        }
    }

    @Test
    void shouldRefuseAnAccessKeyWithoutSecretNamingTheProperty() {
        assertThatThrownBy(() -> Properties.bind(Map.of("tandem.coordinator.access-key", "coordinator")))
                .hasStackTraceContaining("tandem.coordinator.secret-key is not");
    }
}
