package io.tandem.spring.annotation;

import io.tandem.spring.config.MqListenerEndpointRegistrar;

/**
 * Implemented by beans that register listener endpoints programmatically or change how annotated listeners are set
 * up (default container factory, message handler method factory). Called once, after every singleton was created and
 * before the containers are created.
 */
@FunctionalInterface
public interface MqListenerConfigurer {

    void configureMqListeners(MqListenerEndpointRegistrar registrar);
}
