package io.tandem.spring.test;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.Map;

/**
 * Starts the {@link MqTestBroker} of an {@link EmbeddedMqBroker} test context, registers it as the bean
 * {@value #BEAN_NAME} (destroyed, so stopped, when the context closes, after the beans that use it) and points the
 * name-server property at it. Equal for equal annotations, so that cached contexts are shared as usual.
 */
final class EmbeddedMqBrokerContextCustomizer implements ContextCustomizer {

    static final String BEAN_NAME = "mqTestBroker";

    private final EmbeddedMqBroker annotation;

    EmbeddedMqBrokerContextCustomizer(EmbeddedMqBroker annotation) {
        this.annotation = annotation;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        MqTestBroker broker = MqTestBroker.start(MqTestBroker.parseDelayLevels(annotation.delayLevels()));
        try {
            broker.createTopics(annotation.queues(), annotation.topics());
            ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
            beanFactory.registerSingleton(BEAN_NAME, broker);
            if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean(BEAN_NAME, broker::close);
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embeddedMqBroker",
                    Map.of(annotation.nameServerProperty(), broker.nameServerAddress())));
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
