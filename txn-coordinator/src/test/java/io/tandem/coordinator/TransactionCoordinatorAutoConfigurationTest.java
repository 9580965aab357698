package io.tandem.coordinator;

import io.tandem.coordinator.broker.BrokerDirectory;
import io.tandem.coordinator.check.CheckDuty;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.coordinator.support.RecordContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the coordinator embeds: what the auto-configuration creates, and when it backs off. */
class TransactionCoordinatorAutoConfigurationTest {

    @Test
    void shouldRunTheCoordinatorWithItsRecordOnTheApplicationsDataSource() {
        RecordContext.runner().withPropertyValues("tandem.coordinator.brokers=127.0.0.1:1").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(CheckDuty.class).hasSingleBean(TransactionRecord.class);
            assertThat(context.getBean(CheckDuty.class).isRunning()).isTrue();
            assertThat(context.getBean(BrokerDirectory.class).addresses()).containsExactly("127.0.0.1:1");
            assertThat(context.getBean(TransactionRecord.class).statistics().pending()).isZero();
        });
    }

    @Test
    void shouldUseTheEmbeddingApplicationsBrokerDirectory() {
        BrokerDirectory own = () -> List.of("127.0.0.1:7");
        RecordContext.runner().withBean(BrokerDirectory.class, () -> own).run(context ->
                assertThat(context.getBean(BrokerDirectory.class)).isSameAs(own));
    }

    @Test
    void shouldStayOffWhenDisabled() {
        RecordContext.runner().withPropertyValues("tandem.coordinator.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(CheckDuty.class)
                        .doesNotHaveBean(TransactionRecord.class));
    }

    @Test
    void shouldRefuseALeaseTooShortForAChecksSteps() {
        RecordContext.runner().withPropertyValues("tandem.coordinator.lease-period=5s",
                "tandem.coordinator.broker-timeout=3s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("lease-period");
        });
    }
}
