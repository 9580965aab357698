package io.tandem.spring.autoconfigure;

import io.tandem.client.ClientConfig;
import io.tandem.client.auth.Credentials;
import io.tandem.client.auth.CredentialsProvider;
import io.tandem.client.remoting.ClientTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's credentials and TLS properties: {@code tandem.mq.access-key}/{@code secret-key} sign requests unless
 * the application has its own {@link CredentialsProvider}; the secret never shows in toString, logs, error messages
 * or the actuator's configprops and env endpoints, even when those are told to show values.
 */
@ExtendWith(OutputCaptureExtension.class)
class MqCredentialsAutoConfigurationTests {

    private static final String SECRET = "starter-secret-7d2f9a41";
    private static final String KEY_PASSWORD = "starter-key-password-51c0";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MqAutoConfiguration.class));

    @Test
    void shouldSignWithThePropertyCredentialsAndKeepTheSecretOutOfEverythingShown(CapturedOutput output) {
        contextRunner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                        ConfigurationPropertiesReportEndpointAutoConfiguration.class,
                        EnvironmentEndpointAutoConfiguration.class))
                .withPropertyValues("tandem.mq.access-key=orders-app", "tandem.mq.secret-key=" + SECRET,
                        "tandem.mq.tls.key-password=" + KEY_PASSWORD,
                        "management.endpoints.web.exposure.include=configprops,env",
                        "management.endpoint.configprops.show-values=always",
                        "management.endpoint.env.show-values=always")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ClientConfig client = context.getBean(ClientConfig.class);
                    assertThat(client.credentials().credentials()).isEqualTo(Credentials.of("orders-app", SECRET));
                    assertThat(client.remoting().tls()).isNull();

                    JsonMapper json = JsonMapper.builder().build();
                    String configprops = json.writeValueAsString(context
                            .getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
                    String env = json.writeValueAsString(context.getBean(EnvironmentEndpoint.class)
                            .environment(null));
                    // The values are shown (the test would prove nothing otherwise), the secrets are not.
                    assertThat(configprops).contains("orders-app");
                    assertThat(env).contains("orders-app");
                    String shown = client + "\n" + context.getBean(MqProperties.class) + "\n"
                            + client.credentials() + "\n" + configprops + "\n" + env + "\n" + output;
                    assertThat(shown).doesNotContain(SECRET).doesNotContain(KEY_PASSWORD);
                });
    }

    @Test
    void shouldPreferTheApplicationsCredentialsProvider() {
        contextRunner.withUserConfiguration(VaultCredentials.class)
                .withPropertyValues("tandem.mq.access-key=orders-app", "tandem.mq.secret-key=" + SECRET)
                .run(context -> {
                    assertThat(context).hasSingleBean(CredentialsProvider.class);
                    assertThat(context.getBean(ClientConfig.class).credentials().credentials())
                            .isEqualTo(Credentials.of("vault-user", "vault-secret-0a9b8c"));
                });
    }

    @Test
    void shouldSendUnsignedWithoutCredentials() {
        contextRunner.run(context -> assertThat(context.getBean(ClientConfig.class).credentials()).isNull());
    }

    @Test
    void shouldRefuseAnAccessKeyWithoutSecretNamingThePropertiesOnly() {
        contextRunner.withPropertyValues("tandem.mq.access-key=orders-app").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tandem.mq.secret-key is not");
        });
    }

    @Test
    void shouldTurnTheTlsPropertiesIntoTheClientsTlsSettings() {
        MqProperties.Tls properties = new MqProperties().getTls();
        assertThat(properties.toClientTls()).isNull();
        properties.setEnabled(true);
        properties.setTrustedCertificates(Path.of("/pki/ca.crt"));
        properties.setCertificateChain(Path.of("/pki/app.crt"));
        properties.setPrivateKey(Path.of("/pki/app.key"));
        properties.setKeyPassword(KEY_PASSWORD);
        properties.setVerifyHostname(false);
        ClientTls tls = properties.toClientTls();
        assertThat(tls.trustedCertificates()).isEqualTo(Path.of("/pki/ca.crt"));
        assertThat(tls.certificateChain()).isEqualTo(Path.of("/pki/app.crt"));
        assertThat(tls.privateKey()).isEqualTo(Path.of("/pki/app.key"));
        assertThat(tls.keyPassword()).isEqualTo(KEY_PASSWORD);
        assertThat(tls.verifyHostname()).isFalse();
        assertThat(tls + " " + properties).doesNotContain(KEY_PASSWORD);
    }

    @Configuration(proxyBeanMethods = false)
    static class VaultCredentials {
        @Bean
        CredentialsProvider vaultCredentials() {
            return CredentialsProvider.of(Credentials.of("vault-user", "vault-secret-0a9b8c"));
        }
    }
}
