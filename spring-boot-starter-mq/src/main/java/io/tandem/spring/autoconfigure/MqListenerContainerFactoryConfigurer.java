package io.tandem.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.tandem.spring.config.MqConsumerConfigCustomizer;
import io.tandem.spring.config.MqListenerContainerFactory;
import io.tandem.spring.observation.MqListenerObservationConvention;
import io.tandem.spring.jdbc.MqIdempotentInvoker;

import java.util.List;

/**
 * Applies the {@code tandem.mq.consumer.*} and {@code tandem.mq.listener.*} properties, the application's
 * {@link MqConsumerConfigCustomizer} beans, its observation registry (unless
 * {@code tandem.mq.listener.observation-enabled} is false) and, when the application has a database, the
 * {@link MqIdempotentInvoker} to a {@link MqListenerContainerFactory}: the auto-configured one, or a further factory
 * the application defines with the same defaults.
 *
 * <pre>{@code
 * @Bean
 * MqListenerContainerFactory slowListenerFactory(MqListenerContainerFactoryConfigurer configurer,
 *                                                ClientConfig clientConfig) {
 *     MqListenerContainerFactory factory = new MqListenerContainerFactory(clientConfig);
 *     configurer.configure(factory);
 *     factory.setConcurrency(2);
 *     return factory;
 * }
 * }</pre>
 */
public final class MqListenerContainerFactoryConfigurer {

    private final MqProperties properties;
    private final List<MqConsumerConfigCustomizer> customizers;
    private final ObservationRegistry observationRegistry;
    private final MqListenerObservationConvention observationConvention;
    private final MqIdempotentInvoker idempotentInvoker;

    public MqListenerContainerFactoryConfigurer(MqProperties properties, List<MqConsumerConfigCustomizer> customizers) {
        this(properties, customizers, ObservationRegistry.NOOP, null, null);
    }

    /**
     * @param observationRegistry   where listener calls are observed; {@link ObservationRegistry#NOOP} for nowhere
     * @param observationConvention the convention of the listener observations, or null for the default one
     * @param idempotentInvoker     runs idempotent listeners, or null when the application has no database for them
     */
    public MqListenerContainerFactoryConfigurer(MqProperties properties, List<MqConsumerConfigCustomizer> customizers,
                                                ObservationRegistry observationRegistry,
                                                MqListenerObservationConvention observationConvention,
                                                MqIdempotentInvoker idempotentInvoker) {
        this.properties = properties;
        this.customizers = List.copyOf(customizers);
        this.observationRegistry = observationRegistry;
        this.observationConvention = observationConvention;
        this.idempotentInvoker = idempotentInvoker;
    }

    public void configure(MqListenerContainerFactory factory) {
        MqProperties.Consumer consumer = properties.getConsumer();
        MqProperties.Listener listener = properties.getListener();
        factory.setDefaultGroup(consumer.getGroup());
        factory.setConsumeFrom(consumer.getConsumeFrom());
        factory.setMaxReconsumeTimes(consumer.getMaxReconsumeTimes());
        factory.setNotRetryableExceptions(listener.getNotRetryableExceptions());
        factory.setRetryBackOff(listener.getRetry().getInitialInterval(), listener.getRetry().getMultiplier(),
                listener.getRetry().getMaxInterval());
        factory.setDelayLevels(consumer.getDelayLevels());
        factory.setPullBatchSize(consumer.getPullBatchSize());
        factory.setRebalanceInterval(consumer.getRebalanceInterval());
        factory.setOffsetCommitInterval(consumer.getOffsetCommitInterval());
        factory.setConcurrency(listener.getConcurrency());
        factory.setBatchSize(listener.getBatchSize());
        factory.setShutdownTimeout(listener.getShutdownTimeout());
        factory.setAutoStartup(listener.isAutoStartup());
        customizers.forEach(factory::addConsumerConfigCustomizer);
        if (listener.isObservationEnabled()) {
            factory.setObservationRegistry(observationRegistry);
            factory.setObservationConvention(observationConvention);
        }
        if (idempotentInvoker != null) {
            factory.setIdempotentInvoker(idempotentInvoker);
        }
    }
}
