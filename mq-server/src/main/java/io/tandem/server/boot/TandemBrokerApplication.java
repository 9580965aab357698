package io.tandem.server.boot;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Runs one broker with its embedded name server as a Spring Boot application: settings from {@code tandem.broker.*}
 * ({@link BrokerProperties}), start and stop with the application context ({@link BrokerLifecycle}), health and
 * Prometheus metrics on the management port.
 *
 * <p>Design note: Spring stays at this edge. The broker itself is the plain {@link io.tandem.server.Broker}; nothing on
 * the request path is a Spring bean.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(BrokerProperties.class)
public class TandemBrokerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TandemBrokerApplication.class, args);
    }

    @Bean
    BrokerLifecycle brokerLifecycle(BrokerProperties properties, MeterRegistry meterRegistry) {
        return new BrokerLifecycle(properties.toBrokerConfig(), meterRegistry);
    }

    @Bean
    BrokerHealthIndicator brokerHealthIndicator(BrokerLifecycle lifecycle) {
        return new BrokerHealthIndicator(lifecycle);
    }
}
