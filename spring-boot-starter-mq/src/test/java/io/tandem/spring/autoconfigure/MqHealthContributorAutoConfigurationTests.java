package io.tandem.spring.autoconfigure;

import io.tandem.client.ClientConfig;
import io.tandem.spring.health.MqHealthIndicator;
import io.tandem.testing.Ports;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MqHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MqAutoConfiguration.class,
                    MqHealthContributorAutoConfiguration.class));

    @Test
    void shouldReportDownWithTheErrorWhenNoNameServerListens() {
        String nameServer = "127.0.0.1:" + Ports.unused();
        contextRunner.withPropertyValues("tandem.mq.name-server=" + nameServer).run(context -> {
            Health health = context.getBean("tandemHealthIndicator", HealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("nameServers", List.of(nameServer));
            assertThat(health.getDetails().get("error")).asString().contains(nameServer);
        });
    }

    @Test
    void shouldBeOffWhenDisabled() {
        contextRunner.withPropertyValues("management.health.tandem.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MqHealthIndicator.class));
    }

    @Test
    void shouldBeOffWithoutSpringBootsHealthSupport() {
        contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasSingleBean(ClientConfig.class)
                        .doesNotHaveBean(MqHealthIndicator.class));
    }

    @Test
    void shouldBackOffFromTheApplicationsIndicator() {
        contextRunner.withUserConfiguration(OwnIndicator.class).run(context -> assertThat(context)
                .doesNotHaveBean(MqHealthIndicator.class)
                .getBean("tandemHealthIndicator").isSameAs(OwnIndicator.INDICATOR));
    }


    @Configuration(proxyBeanMethods = false)
    static class OwnIndicator {

        static final HealthIndicator INDICATOR = () -> Health.up().build();

        @Bean
        HealthIndicator tandemHealthIndicator() {
            return INDICATOR;
        }
    }
}
