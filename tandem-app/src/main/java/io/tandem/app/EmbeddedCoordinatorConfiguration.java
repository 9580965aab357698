package io.tandem.app;

import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.broker.BrokerDirectory;
import io.tandem.coordinator.check.CheckDuty;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.server.boot.BrokerLifecycle;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Points the transaction coordinator (everything else of it comes from {@code TransactionCoordinatorAutoConfiguration})
 * at the broker of this process, and adds its health contributor {@code coordinator}. Off, like the coordinator,
 * with {@code tandem.coordinator.enabled=false}.
 *
 * <p>Design note: the broker and the coordinator's duty are both lifecycle beans of the last phase, which Spring
 * stops in registration order: the broker first, while the duty may still be in a round against it. The duty is
 * declared to depend on the broker, so that Spring starts the broker first and stops the duty first.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = EmbeddedCoordinatorConfiguration.ENABLED, matchIfMissing = true)
public class EmbeddedCoordinatorConfiguration {

    /** The coordinator's own switch (see {@code TransactionCoordinatorAutoConfiguration}). */
    static final String ENABLED = "tandem.coordinator.enabled";

    static boolean isEnabled(Environment environment) {
        return environment.getProperty(ENABLED, Boolean.class, true);
    }

    @Bean
    BrokerDirectory localBrokerDirectory(BrokerLifecycle broker) {
        return new LocalBrokerDirectory(broker);
    }

    @Bean
    CoordinatorHealthIndicator coordinatorHealthIndicator(CheckDuty duty, BrokerDirectory brokers,
                                                          TransactionRecord record, CoordinatorProperties properties) {
        return new CoordinatorHealthIndicator(duty, brokers, record, properties.instanceId());
    }

    @Bean
    static BeanFactoryPostProcessor coordinatorDutyAfterBroker() {
        return beanFactory -> {
            for (String duty : beanFactory.getBeanNamesForType(CheckDuty.class, true, false)) {
                BeanDefinition definition = beanFactory.getBeanDefinition(duty);
                String[] dependsOn = definition.getDependsOn();
                definition.setDependsOn(StringUtils.addStringToArray(dependsOn,
                        EmbeddedBrokerConfiguration.BROKER_LIFECYCLE));
            }
        };
    }
}
