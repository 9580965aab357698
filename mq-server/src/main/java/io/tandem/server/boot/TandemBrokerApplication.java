package io.tandem.server.boot;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Runs one broker with its embedded name server as a Spring Boot application: settings from {@code tandem.broker.*}
 * ({@link BrokerProperties}), start and stop with the application context ({@link BrokerLifecycle}), health and
 * Prometheus metrics on the management port. {@code tandem.role} ({@link ClusterProperties}) makes it a broker only,
 * registering with other name servers, or a name server only ({@link NameServerLifecycle}).
 *
 * <p>Design note: Spring stays at this edge. The broker itself is the plain {@link io.tandem.server.Broker}; nothing on
 * the request path is a Spring bean.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties({BrokerProperties.class, ClusterProperties.class})
public class TandemBrokerApplication {

    /**
     * The broker's own defaults live in {@code tandem-broker.yml} (and {@code tandem-broker-<profile>.yml}), not in
     * {@code application.yml}, so that the jar does not impose them on applications that embed the broker; an
     * {@code application.yml} of the user's still overrides them.
     */
    public static final String CONFIG_NAMES = "spring.config.name=tandem-broker,application";

    public static void main(String[] args) {
        new SpringApplicationBuilder(TandemBrokerApplication.class).properties(CONFIG_NAMES).run(args);
    }

    @Bean
    @Conditional(RoleCondition.RunsBroker.class)
    BrokerLifecycle brokerLifecycle(BrokerProperties properties, ClusterProperties cluster,
                                    MeterRegistry meterRegistry) {
        return new BrokerLifecycle(cluster.toBrokerConfig(properties.toBrokerConfig()), meterRegistry,
                properties.getReplication().getLease());
    }

    @Bean
    @Conditional(RoleCondition.RunsBroker.class)
    BrokerHealthIndicator brokerHealthIndicator(BrokerLifecycle lifecycle) {
        return new BrokerHealthIndicator(lifecycle);
    }

    @Bean
    @Conditional(RoleCondition.NameServerOnly.class)
    NameServerLifecycle nameServerLifecycle(BrokerProperties properties, ClusterProperties cluster) {
        return new NameServerLifecycle(cluster.toNameServerConfig(properties.toBrokerConfig()));
    }

    @Bean
    @Conditional(RoleCondition.NameServerOnly.class)
    NameServerHealthIndicator nameServerHealthIndicator(NameServerLifecycle lifecycle) {
        return new NameServerHealthIndicator(lifecycle);
    }
}
