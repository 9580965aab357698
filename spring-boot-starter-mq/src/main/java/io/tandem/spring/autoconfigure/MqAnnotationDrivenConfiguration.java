package io.tandem.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.tandem.client.ClientConfig;
import io.tandem.spring.annotation.EnableMq;
import io.tandem.spring.annotation.MqBootstrapConfiguration;
import io.tandem.spring.config.MqConsumerConfigCustomizer;
import io.tandem.spring.config.MqListenerContainerFactory;
import io.tandem.spring.config.MqListenerEndpointRegistrar;
import io.tandem.spring.observation.MqListenerObservationConvention;
import io.tandem.spring.jdbc.MqIdempotentInvoker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The listener infrastructure: the container factory, its configurer and {@link EnableMq}. */
@Configuration(proxyBeanMethods = false)
final class MqAnnotationDrivenConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MqListenerContainerFactoryConfigurer mqListenerContainerFactoryConfigurer(MqProperties properties,
            ObjectProvider<MqConsumerConfigCustomizer> customizers,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<MqListenerObservationConvention> observationConvention,
            ObjectProvider<MqIdempotentInvoker> idempotentInvoker) {
        return new MqListenerContainerFactoryConfigurer(properties, customizers.orderedStream().toList(),
                observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), observationConvention.getIfUnique(),
                idempotentInvoker.getIfAvailable());
    }

    @Bean(name = MqListenerEndpointRegistrar.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
    @ConditionalOnMissingBean(name = MqListenerEndpointRegistrar.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
    MqListenerContainerFactory mqListenerContainerFactory(MqListenerContainerFactoryConfigurer configurer,
                                                          ClientConfig clientConfig) {
        MqListenerContainerFactory factory = new MqListenerContainerFactory(clientConfig);
        configurer.configure(factory);
        return factory;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableMq
    @ConditionalOnMissingBean(name = MqBootstrapConfiguration.ANNOTATION_PROCESSOR_BEAN_NAME)
    static class EnableMqConfiguration {
    }
}
