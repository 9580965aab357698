package io.tandem.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check endpoint's settings ({@code tandem.mq.check-endpoint}): what each combination lets in, the warnings at
 * start, and the secrets kept out of toString, logs and the actuator even when it is told to show values.
 */
@ExtendWith(OutputCaptureExtension.class)
class MqCheckEndpointAutoConfigurationTests {

    private static final String SECRET = "check-secret-5be1c07a";
    private static final String PREVIOUS_SECRET = "check-previous-93d4e6f2";

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MqAutoConfiguration.class));

    @Test
    void shouldKeepBothSecretsOutOfEverythingShown(CapturedOutput output) {
        contextRunner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                        ConfigurationPropertiesReportEndpointAutoConfiguration.class,
                        EnvironmentEndpointAutoConfiguration.class))
                .withPropertyValues("tandem.mq.check-endpoint.secret=" + SECRET,
                        "tandem.mq.check-endpoint.previous-secret=" + PREVIOUS_SECRET,
                        "tandem.mq.check-endpoint.max-clock-skew=90s",
                        "management.endpoints.web.exposure.include=configprops,env",
                        "management.endpoint.configprops.show-values=always",
                        "management.endpoint.env.show-values=always")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasBean("mqTransactionCheckEndpoint");

                    JsonMapper json = JsonMapper.builder().build();
                    String configprops = json.writeValueAsString(context
                            .getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
                    String env = json.writeValueAsString(context.getBean(EnvironmentEndpoint.class)
                            .environment(null));
                    // Values are shown (the test would prove nothing otherwise), the secrets are not.
                    assertThat(configprops).contains("PT1M30S").contains("previousSecret");
                    assertThat(env).contains("90s");
                    String shown = context.getBean(MqProperties.class) + "\n" + configprops + "\n" + env + "\n"
                            + context.getBean("mqTransactionCheckEndpoint") + "\n" + output;
                    assertThat(shown).doesNotContain(SECRET).doesNotContain(PREVIOUS_SECRET);
                    assertThat(output).doesNotContain("INSECURE");
                });
    }

    @Test
    void shouldWarnThatOnlyThisHostIsAnsweredWithoutASecret(CapturedOutput output) {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("has no secret and answers requests from this host only")
                    .contains("set tandem.mq.check-endpoint.secret");
        });
    }

    @Test
    void shouldWarnLoudlyWhenEveryoneIsLetIn(CapturedOutput output) {
        contextRunner.withPropertyValues("tandem.mq.check-endpoint.allow-unauthenticated=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("INSECURE: the transaction check endpoint /tandem/transactions/check "
                    + "answers unsigned requests from any address");
        });
    }

    @Test
    void shouldRefuseAPreviousSecretWithoutASecretNamingTheSetting() {
        contextRunner.withPropertyValues("tandem.mq.check-endpoint.previous-secret=" + PREVIOUS_SECRET)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("tandem.mq.check-endpoint.previous-secret is set without "
                                    + "tandem.mq.check-endpoint.secret")
                            .hasMessageNotContaining(PREVIOUS_SECRET);
                });
    }

    @Test
    void shouldRefuseANonPositiveClockSkewNamingTheSetting() {
        contextRunner.withPropertyValues("tandem.mq.check-endpoint.secret=" + SECRET,
                "tandem.mq.check-endpoint.max-clock-skew=0s").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("tandem.mq.check-endpoint.max-clock-skew must be positive")
                            .hasMessageNotContaining(SECRET);
                });
    }
}
