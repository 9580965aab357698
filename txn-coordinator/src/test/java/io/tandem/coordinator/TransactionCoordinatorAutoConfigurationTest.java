package io.tandem.coordinator;

import io.tandem.coordinator.broker.BrokerDirectory;
import io.tandem.coordinator.check.CheckDuty;
import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.coordinator.support.RecordContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the coordinator embeds: what the auto-configuration creates, when it backs off, and its secrets kept out of the
 * actuator.
 */
class TransactionCoordinatorAutoConfigurationTest {

    private static final String CHECK_SECRET = "coordinator-http-secret-77e0";
    private static final String GROUP_SECRET = "billing-check-secret-d41c";

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
    void shouldKeepTheCheckSecretsOutOfTheActuatorEvenWhenItShowsValues() {
        RecordContext.runner()
                .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                        ConfigurationPropertiesReportEndpointAutoConfiguration.class,
                        EnvironmentEndpointAutoConfiguration.class))
                .withPropertyValues("tandem.coordinator.brokers=127.0.0.1:1",
                        "tandem.coordinator.http.secret=" + CHECK_SECRET,
                        "tandem.coordinator.producers.billing.check-url=http://127.0.0.1:1/check",
                        "tandem.coordinator.producers.billing.secret=" + GROUP_SECRET,
                        "management.endpoints.web.exposure.include=configprops,env",
                        "management.endpoint.configprops.show-values=always",
                        "management.endpoint.env.show-values=always")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonMapper json = JsonMapper.builder().build();
                    String configprops = json.writeValueAsString(context
                            .getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
                    String env = json.writeValueAsString(context.getBean(EnvironmentEndpoint.class)
                            .environment(null));
                    // Values are shown (the test would prove nothing otherwise), the secrets are not.
                    assertThat(configprops).contains("http://127.0.0.1:1/check");
                    assertThat(env).contains("http://127.0.0.1:1/check");
                    assertThat(configprops + env + context.getBean(CoordinatorProperties.class))
                            .doesNotContain(CHECK_SECRET).doesNotContain(GROUP_SECRET);
                });
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
