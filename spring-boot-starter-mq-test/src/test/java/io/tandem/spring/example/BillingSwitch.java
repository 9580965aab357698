package io.tandem.spring.example;

import io.tandem.spring.config.MqListenerEndpointRegistry;
import org.springframework.stereotype.Component;

@Component
public class BillingSwitch {

    private final MqListenerEndpointRegistry registry;

    public BillingSwitch(MqListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    public void pause() {
        registry.pause("billing");      // finishes calls in progress, commits, leaves the group
    }

    public void resume() {
        registry.resume("billing");     // continues at the committed offsets
    }

    public boolean isPaused() {
        return registry.getListenerContainer("billing").isPaused();
    }
}
