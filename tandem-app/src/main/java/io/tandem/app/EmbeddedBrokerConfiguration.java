package io.tandem.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.boot.BrokerHealthIndicator;
import io.tandem.server.boot.BrokerLifecycle;
import io.tandem.server.boot.BrokerProperties;
import io.tandem.server.boot.ClusterProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The broker and its name server, as mq-server's {@code TandemBrokerApplication} runs them ({@code tandem.broker.*},
 * {@code tandem.role} BOTH or BROKER, started and stopped with the context, health contributor {@code broker}), except
 * that its own check-back duty is off while the embedded coordinator does that job.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BrokerProperties.class, ClusterProperties.class})
public class EmbeddedBrokerConfiguration {

    /** Bean name of the {@link BrokerLifecycle}, which the coordinator's duty is made to depend on. */
    public static final String BROKER_LIFECYCLE = "brokerLifecycle";

    @Bean(BROKER_LIFECYCLE)
    BrokerLifecycle brokerLifecycle(BrokerProperties properties, ClusterProperties cluster, Environment environment,
                                    MeterRegistry meterRegistry) {
        boolean coordinatorRuns = EmbeddedCoordinatorConfiguration.isEnabled(environment);
        return new BrokerLifecycle(cluster.toBrokerConfig(brokerConfig(properties, coordinatorRuns)), meterRegistry);
    }

    @Bean
    BrokerHealthIndicator brokerHealthIndicator(BrokerLifecycle lifecycle) {
        return new BrokerHealthIndicator(lifecycle);
    }

    /**
     * The broker's configuration: its own check-back duty runs only when the coordinator does not, unless
     * {@code tandem.broker.check-back.built-in} says otherwise.
     *
     * @throws IllegalStateException if {@code built-in} is true while the coordinator runs (both would check the same
     *                               halves)
     */
    static BrokerConfig brokerConfig(BrokerProperties properties, boolean coordinatorRuns) {
        Boolean builtIn = properties.getCheckBack().getBuiltIn();
        if (Boolean.TRUE.equals(builtIn) && coordinatorRuns) {
            throw new IllegalStateException("tandem.broker.check-back.built-in=true while the embedded coordinator "
                    + "runs: both would check the same halves. Leave it unset, or set tandem.coordinator.enabled=false "
                    + "to have the broker check by itself");
        }
        boolean brokerChecks = builtIn != null ? builtIn : !coordinatorRuns;
        return properties.toBrokerConfig().toBuilder().builtInCheckBack(brokerChecks).build();
    }
}
