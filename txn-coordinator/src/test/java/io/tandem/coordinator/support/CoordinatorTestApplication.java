package io.tandem.coordinator.support;

import io.tandem.coordinator.policy.HalfParkedEvent;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An application that only has the coordinator (through its auto-configuration) and a parked-event recorder. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CoordinatorTestApplication {

    @Bean
    ParkedEvents parkedEvents() {
        return new ParkedEvents();
    }

    /** Every {@link HalfParkedEvent} the application published. */
    public static final class ParkedEvents {

        private final List<HalfParkedEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(HalfParkedEvent event) {
            events.add(event);
        }

        public List<HalfParkedEvent> events() {
            return List.copyOf(events);
        }
    }
}
