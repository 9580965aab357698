package io.tandem.app;

import io.tandem.server.BrokerConfig;
import io.tandem.server.txn.CheckBackPolicy;
import io.tandem.store.Durability;
import io.tandem.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerCheckBackPropertiesTest {

    @Test
    void shouldRunTheBuiltInDutyOnlyWhenTheCoordinatorDoesNot() {
        BrokerCheckBackProperties unset = bind(Map.of());

        assertThat(unset.builtInCheckBack(true)).isFalse();
        assertThat(unset.builtInCheckBack(false)).isTrue();
        assertThat(bind(Map.of("tandem.broker.built-in-check-back", "false")).builtInCheckBack(false)).isFalse();
    }

    @Test
    void shouldRefuseTheBuiltInDutyNextToTheCoordinator() {
        BrokerCheckBackProperties both = bind(Map.of("tandem.broker.built-in-check-back", "true"));

        assertThatThrownBy(() -> both.builtInCheckBack(true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tandem.broker.built-in-check-back=true")
                .hasMessageContaining("tandem.coordinator.enabled=false");
    }

    @Test
    void shouldChangeOnlyTheCheckBackSettingsOfTheBrokerConfiguration() {
        UnaryOperator<StoreConfig.Builder> store = builder -> builder.segmentSize(1 << 20);
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        Path directory = Path.of("/var/lib/tandem");
        BrokerConfig base = BrokerConfig.builder(directory).randomPorts().brokerName("broker-b")
                .autoCreateTopics(false).durability(Durability.SYNC).maxMessageSize(1 << 20)
                .store(store).clock(clock).build();

        BrokerConfig applied = bind(Map.of("tandem.broker.transaction-timeout", "20s")).applyTo(base, true);

        CheckBackPolicy expectedPolicy = new CheckBackPolicy(Duration.ofSeconds(20),
                CheckBackPolicy.DEFAULT.maxBackoff(), CheckBackPolicy.DEFAULT.maxChecks(),
                CheckBackPolicy.DEFAULT.endOfChecks());
        assertThat(applied).isEqualTo(BrokerConfig.builder(directory).randomPorts().brokerName("broker-b")
                .autoCreateTopics(false).durability(Durability.SYNC).maxMessageSize(1 << 20)
                .store(store).clock(clock).checkBack(expectedPolicy).builtInCheckBack(false).build());
    }

    @Test
    void shouldKeepTheLongestBackoffAtLeastTheTransactionTimeout() {
        BrokerConfig applied = bind(Map.of("tandem.broker.transaction-timeout", "10m"))
                .applyTo(BrokerConfig.builder(Path.of("data")).build(), false);

        assertThat(applied.checkBack().timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(applied.checkBack().maxBackoff()).isEqualTo(Duration.ofMinutes(10));
        assertThat(applied.builtInCheckBack()).isTrue();
    }

    @Test
    void shouldRejectATransactionTimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> bind(Map.of("tandem.broker.transaction-timeout", "0s")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("tandem.broker.transaction-timeout must be a positive duration");
    }

    private static BrokerCheckBackProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("tandem.broker", BrokerCheckBackProperties.class);
    }
}
