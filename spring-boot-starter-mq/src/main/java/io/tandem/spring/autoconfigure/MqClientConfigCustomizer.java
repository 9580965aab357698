package io.tandem.spring.autoconfigure;

import io.tandem.client.ClientConfig;

/** Adjusts the auto-configured {@link ClientConfig} after the {@code tandem.mq.client.*} properties were applied. */
@FunctionalInterface
public interface MqClientConfigCustomizer {

    void customize(ClientConfig.Builder builder);
}
