package io.tandem.spring.test;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.Map;

/**
 * Starts the {@link MqTestBroker} of an {@link EmbeddedMqBroker} test context, registers it as the bean
 * {@value #BEAN_NAME} (destroyed, so stopped, when the context closes, after the beans that use it) beside a
 * {@link MqTransactionFaults} bean {@value #FAULTS_BEAN_NAME}, points the
 * name-server property at it and, unless the test configures them, makes the client's timers fast. Equal for equal
 * annotations, so that cached contexts are shared as usual.
 */
final class EmbeddedMqBrokerContextCustomizer implements ContextCustomizer {

    static final String BEAN_NAME = "mqTestBroker";
    static final String FAULTS_BEAN_NAME = "mqTransactionFaults";
    static final String COORDINATOR_BEAN_NAME = "mqTestCoordinator";

    /**
     * Client timers for a broker on the same machine, below every other property source so that a test's own
     * settings win: new routes and group changes (the first dead letter, a paused member) are seen within a second.
     */
    static final Map<String, Object> FAST_CLIENT_TIMERS = Map.of(
            "tandem.mq.client.route-refresh-interval", "1s",
            "tandem.mq.client.heartbeat-interval", "2s",
            "tandem.mq.consumer.rebalance-interval", "1s",
            // With the coordinator on the test class path, the application under test is not a coordinator itself.
            "tandem.coordinator.enabled", "false");

    private final EmbeddedMqBroker annotation;

    EmbeddedMqBrokerContextCustomizer(EmbeddedMqBroker annotation) {
        this.annotation = annotation;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        MqTestBroker broker = MqTestBroker.start(MqTestBroker.parseDelayLevels(annotation.delayLevels()),
                annotation.transactionTimeout().isBlank() ? null
                        : DurationStyle.detectAndParse(annotation.transactionTimeout()), !annotation.coordinator());
        try {
            broker.createTopics(annotation.queues(), annotation.topics());
            ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
            beanFactory.registerSingleton(BEAN_NAME, broker);
            beanFactory.registerSingleton(FAULTS_BEAN_NAME, new MqTransactionFaults());
            if (annotation.coordinator()) {
                // Registered after the broker, so destroyed before it.
                MqTestCoordinator coordinator = MqTestCoordinator.start(broker.brokerAddress());
                beanFactory.registerSingleton(COORDINATOR_BEAN_NAME, coordinator);
                if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
                    registry.registerDisposableBean(COORDINATOR_BEAN_NAME, coordinator::close);
                }
            }
            if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean(BEAN_NAME, broker::close);
            }
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            sources.addFirst(new MapPropertySource("embeddedMqBroker",
                    Map.of(annotation.nameServerProperty(), broker.nameServerAddress())));
            sources.addLast(new MapPropertySource("embeddedMqBrokerClientDefaults", FAST_CLIENT_TIMERS));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmbeddedMqBrokerContextCustomizer that && annotation.equals(that.annotation);
    }

    @Override
    public int hashCode() {
        return annotation.hashCode();
    }
}
