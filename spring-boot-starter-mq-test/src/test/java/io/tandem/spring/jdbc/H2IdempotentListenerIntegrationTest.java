package io.tandem.spring.jdbc;

import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.autoconfigure.MqAutoConfiguration;
import io.tandem.spring.autoconfigure.MqJdbcAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotent listeners on H2, and the start of an application that has no database for them. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:tandem_idempotent;DB_CLOSE_DELAY=-1")
class H2IdempotentListenerIntegrationTest extends IdempotentListenerScenarios {

    @Test
    void shouldFailToStartAnIdempotentListenerWithoutADatabase() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MqAutoConfiguration.class,
                        MqJdbcAutoConfiguration.class))
                .withUserConfiguration(IdempotentWithoutDatabase.class)
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage("listener"
                        + " idempotentWithoutDatabase.onOrder is idempotent, which records the messages it handled"
                        + " in the application's database; that needs spring-jdbc on the class path and a single"
                        + " DataSource and PlatformTransactionManager bean, which the application does not have"));
    }

    @Configuration(proxyBeanMethods = false)
    static class IdempotentWithoutDatabase {

        @Bean
        Listener idempotentWithoutDatabase() {
            return new Listener();
        }

        static class Listener {
            @MqListener(topics = "IdemOrders", group = "idem-nowhere", idempotent = true)
            void onOrder(String order) {
            }
        }
    }
}
