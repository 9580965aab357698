package io.tandem.spring.observation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.tandem.spring.autoconfigure.MqAutoConfiguration;
import io.tandem.spring.core.MqSendException;
import io.tandem.spring.core.MqTemplate;
import io.tandem.testing.Ports;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sends that fail while no name server listens: their retries and failures as meters. */
class MqTemplateObservationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MqAutoConfiguration.class))
            .withUserConfiguration(Observed.class)
            .withPropertyValues("tandem.mq.name-server=127.0.0.1:" + Ports.unused(),
                    "tandem.mq.template.retry.max-attempts=3", "tandem.mq.template.retry.initial-interval=10ms",
                    "tandem.mq.template.circuit-breaker.enabled=false", "tandem.mq.producer.retry-times=0");

    @Test
    void shouldCountTheRetriesOfASendAndTimeItsFailure() {
        contextRunner.run(context -> {
            MqTemplate template = context.getBean(MqTemplate.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);

            assertThatThrownBy(() -> template.send("Orders:placed", "order-1")).isInstanceOf(MqSendException.class);

            assertThat(meters.get("tandem.mq.send.retries").tag("messaging.destination.name", "Orders").counter()
                    .count()).as("two attempts after the first").isEqualTo(2);
            assertThat(meters.get("tandem.mq.send").tag("messaging.destination.name", "Orders")
                    .tag("error", "MqSendException").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void shouldCountTheRetriesOfAnAsynchronousSend() {
        contextRunner.run(context -> {
            MqTemplate template = context.getBean(MqTemplate.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);

            assertThat(template.sendAsync("Orders", "order-1")).failsWithin(Duration.ofSeconds(20))
                    .withThrowableThat().havingCause().isInstanceOf(MqSendException.class);

            assertThat(meters.get("tandem.mq.send.retries").tag("messaging.destination.name", "Orders").counter()
                    .count()).isEqualTo(2);
            assertThat(meters.get("tandem.mq.send").tag("error", "MqSendException").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void shouldNotObserveSendsWhenTemplateObservationIsDisabled() {
        contextRunner.withPropertyValues("tandem.mq.template.observation-enabled=false").run(context -> {
            MqTemplate template = context.getBean(MqTemplate.class);

            assertThatThrownBy(() -> template.send("Orders", "order-1")).isInstanceOf(MqSendException.class);

            assertThat(context.getBean(MeterRegistry.class).find("tandem.mq.send").meters()).isEmpty();
        });
    }


    @Configuration(proxyBeanMethods = false)
    static class Observed {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry(MeterRegistry meters) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            return registry;
        }
    }
}
