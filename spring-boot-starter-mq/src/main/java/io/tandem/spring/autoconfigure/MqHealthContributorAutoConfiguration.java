package io.tandem.spring.autoconfigure;

import io.tandem.client.ClientConfig;
import io.tandem.spring.health.MqHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health indicator {@code tandem} ({@link MqHealthIndicator}) of applications with Spring Boot's health support
 * (the actuator); {@code management.health.tandem.enabled=false} turns it off, and a bean named
 * {@code tandemHealthIndicator} replaces it.
 */
@AutoConfiguration(after = MqAutoConfiguration.class)
@ConditionalOnClass({ClientConfig.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(ClientConfig.class)
@ConditionalOnEnabledHealthIndicator("tandem")
public final class MqHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "tandemHealthIndicator")
    MqHealthIndicator tandemHealthIndicator(ClientConfig clientConfig) {
        return new MqHealthIndicator(clientConfig);
    }
}
