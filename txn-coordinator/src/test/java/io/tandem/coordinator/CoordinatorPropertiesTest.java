package io.tandem.coordinator;

import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.policy.EndOfChecksPolicy;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.support.Properties;
import io.tandem.protocol.txn.EndOfChecks;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoordinatorPropertiesTest {

    @Test
    void shouldDefaultToFifteenChecksGrowingFromSixSecondsThenRollback() {
        CoordinatorProperties properties = Properties.bind(Map.of());

        assertThat(properties.maxChecks()).isEqualTo(15);
        assertThat(properties.endOfChecks()).isEqualTo(EndOfChecks.ROLLBACK);
        assertThat(properties.leasePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.instanceId()).isNotBlank();
        assertThat(properties.backoff().afterCheckMs(1)).isEqualTo(6_000);
        assertThat(properties.backoff().afterCheckMs(2)).isEqualTo(12_000);
        assertThat(properties.backoff().afterCheckMs(3)).isEqualTo(24_000);
        assertThat(properties.backoff().afterCheckMs(7)).as("capped").isEqualTo(300_000);
        assertThat(properties.backoff().afterCheckMs(1_000)).isEqualTo(300_000);
    }

    @Test
    void shouldPreferTheGroupsPolicyThenTheTopicsThenTheDefault() {
        EndOfChecksPolicy policy = new EndOfChecksPolicy(Properties.bind(Map.of(
                "tandem.coordinator.producers.payments.end-of-checks", "PARK",
                "tandem.coordinator.producers.payments.max-checks", "4",
                "tandem.coordinator.topics.ledger.end-of-checks", "COMMIT")));

        assertThat(policy.endOfChecks(half("payments", "ledger"))).isEqualTo(EndOfChecks.PARK);
        assertThat(policy.endOfChecks(half("orders", "ledger"))).isEqualTo(EndOfChecks.COMMIT);
        assertThat(policy.endOfChecks(half("orders", "orders"))).isEqualTo(EndOfChecks.ROLLBACK);
        assertThat(policy.maxChecks(half("payments", "orders"))).isEqualTo(4);
        assertThat(policy.maxChecks(half("orders", "orders"))).isEqualTo(15);
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> Properties.bind(Map.of("tandem.coordinator.lease-period", "5s")))
                .rootCause().hasMessageContaining("lease-period");
        assertThatThrownBy(() -> Properties.bind(Map.of(
                "tandem.coordinator.producers.payments.check-url", "http://payments/check",
                "tandem.coordinator.producers.payments.service-id", "payments")))
                .rootCause().hasMessageContaining("either check-url or service-id");
        assertThatThrownBy(() -> Properties.bind(Map.of("tandem.coordinator.backoff.multiplier", "0.5")))
                .rootCause().hasMessageContaining("multiplier");
        assertThatThrownBy(() -> Properties.bind(Map.of("tandem.coordinator.max-checks", "0")))
                .rootCause().hasMessageContaining("max-checks");
        assertThatThrownBy(() -> Properties.bind(Map.of("tandem.coordinator.name-servers", "namesrv-1")))
                .rootCause().hasMessageContaining("name-servers must be host:port entries, was 'namesrv-1'");
    }

    @Test
    void shouldBindNameServersBesideOrInsteadOfBrokers() {
        CoordinatorProperties properties = Properties.bind(Map.of(
                "tandem.coordinator.name-servers", "namesrv-1:9876,namesrv-2:9876",
                "tandem.coordinator.name-server-refresh", "5s"));

        assertThat(properties.nameServers()).containsExactly("namesrv-1:9876", "namesrv-2:9876");
        assertThat(properties.brokers()).isEmpty();
        assertThat(properties.nameServerRefresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Properties.bind(Map.of()).nameServerRefresh()).isEqualTo(Duration.ofSeconds(3));
    }

    private static HalfRecord half(String group, String topic) {
        return new HalfRecord(1L, "b:1", 1, 1L, group, "tx", topic, 0, null, 0L, 0L, HalfState.PENDING, 0, null, 0,
                null, null, 0, 0, null, null, null);
    }
}
