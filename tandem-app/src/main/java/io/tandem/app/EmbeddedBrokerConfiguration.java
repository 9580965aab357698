package io.tandem.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.boot.BrokerHealthIndicator;
import io.tandem.server.boot.BrokerLifecycle;
import io.tandem.server.boot.BrokerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The broker and its name server, as mq-server's {@code TandemBrokerApplication} runs them ({@code tandem.broker.*},
 * started and stopped with the context, health contributor {@code broker}), except that its own check-back duty is
 * off while the embedded coordinator does that job ({@link BrokerCheckBackProperties}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BrokerProperties.class, BrokerCheckBackProperties.class})
public class EmbeddedBrokerConfiguration {

    /** Bean name of the {@link BrokerLifecycle}, which the coordinator's duty is made to depend on. */
    public static final String BROKER_LIFECYCLE = "brokerLifecycle";

    @Bean(BROKER_LIFECYCLE)
    BrokerLifecycle brokerLifecycle(BrokerProperties properties, BrokerCheckBackProperties checkBack,
                                    Environment environment, MeterRegistry meterRegistry) {
        boolean coordinatorRuns = EmbeddedCoordinatorConfiguration.isEnabled(environment);
        return new BrokerLifecycle(checkBack.applyTo(properties.toBrokerConfig(), coordinatorRuns), meterRegistry);
    }

    @Bean
    BrokerHealthIndicator brokerHealthIndicator(BrokerLifecycle lifecycle) {
        return new BrokerHealthIndicator(lifecycle);
    }
}
