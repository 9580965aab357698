package io.tandem.app;

import io.tandem.server.config.BrokerConfig;
import io.tandem.server.boot.BrokerProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who checks back undecided halves: the broker's own duty only when the embedded coordinator does not run. */
class EmbeddedBrokerConfigurationTest {

    @Test
    void shouldTurnTheBrokersOwnCheckBackOffWhileTheCoordinatorRuns() {
        BrokerProperties properties = new BrokerProperties();
        assertThat(EmbeddedBrokerConfiguration.brokerConfig(properties, true).builtInCheckBack()).isFalse();
        assertThat(EmbeddedBrokerConfiguration.brokerConfig(properties, false).builtInCheckBack()).isTrue();
    }

    @Test
    void shouldRefuseBothTheBrokerAndTheCoordinatorCheckingTheSameHalves() {
        BrokerProperties properties = new BrokerProperties();
        properties.getCheckBack().setBuiltIn(true);
        assertThatThrownBy(() -> EmbeddedBrokerConfiguration.brokerConfig(properties, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tandem.broker.check-back.built-in=true");
        properties.getCheckBack().setBuiltIn(false);
        assertThat(EmbeddedBrokerConfiguration.brokerConfig(properties, false).builtInCheckBack()).isFalse();
    }

    @Test
    void shouldKeepEveryOtherBrokerSettingAndTheTransactionTimeout() {
        BrokerProperties properties = new BrokerProperties();
        properties.setBrokerName("broker-x");
        properties.getCheckBack().setTransactionTimeout(Duration.ofSeconds(20));
        BrokerConfig config = EmbeddedBrokerConfiguration.brokerConfig(properties, true);
        assertThat(config.brokerName()).isEqualTo("broker-x");
        assertThat(config.checkBack().timeout()).isEqualTo(Duration.ofSeconds(20));
    }
}
