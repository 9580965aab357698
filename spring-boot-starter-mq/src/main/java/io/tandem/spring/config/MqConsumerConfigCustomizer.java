package io.tandem.spring.config;

import io.tandem.client.consumer.PushConsumerConfig;

/**
 * Adjusts the consumer settings of a listener after the endpoint's and the factory's settings were applied, for
 * settings the starter has no property for (caches, pull sizes, lock renewal, ...). Also called for the consumer of
 * a dead-letter handler, with the listener's id followed by {@code .dlq}.
 */
@FunctionalInterface
public interface MqConsumerConfigCustomizer {

    void customize(String listenerId, PushConsumerConfig.Builder builder);
}
