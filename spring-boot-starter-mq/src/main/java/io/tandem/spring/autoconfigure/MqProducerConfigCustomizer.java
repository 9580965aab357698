package io.tandem.spring.autoconfigure;

import io.tandem.client.producer.ProducerConfig;

/** Adjusts the auto-configured producer's settings after the {@code tandem.mq.producer.*} properties were applied. */
@FunctionalInterface
public interface MqProducerConfigCustomizer {

    void customize(ProducerConfig.Builder builder);
}
