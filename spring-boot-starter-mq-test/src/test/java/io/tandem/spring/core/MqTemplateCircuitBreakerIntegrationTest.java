package io.tandem.spring.core;

import io.tandem.client.MqConnectException;
import io.tandem.client.SendStatus;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.spring.autoconfigure.MqAutoConfiguration;
import io.tandem.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class MqTemplateCircuitBreakerIntegrationTest {

    @TempDir
    Path dataDirectory;

    @Test
    void shouldFailFastWhileTheBrokerIsUnreachableAndSendAgainOnceItIsBack() throws IOException {
        int nameServerPort = Ports.unused();
        AtomicReference<Broker> broker = new AtomicReference<>();
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                            MqAutoConfiguration.class))
                    .withPropertyValues("tandem.mq.name-server=127.0.0.1:" + nameServerPort,
                            "tandem.mq.template.retry.max-attempts=2",
                            "tandem.mq.template.retry.initial-interval=20ms",
                            "tandem.mq.template.circuit-breaker.sliding-window-size=4",
                            "tandem.mq.template.circuit-breaker.minimum-number-of-calls=4",
                            "tandem.mq.template.circuit-breaker.wait-duration-in-open-state=500ms")
                    .run(context -> {
                        MqTemplate template = context.getBean(MqTemplate.class);
                        for (int send = 0; send < 2; send++) {
                            assertThatExceptionOfType(MqSendException.class)
                                    .isThrownBy(() -> template.send("Recovering", "lost"))
                                    .withMessageContaining("failed after 2 attempts")
                                    .withCauseInstanceOf(MqConnectException.class);
                        }

                        long start = System.nanoTime();
                        assertThatExceptionOfType(MqBrokerUnavailableException.class)
                                .isThrownBy(() -> template.send("Recovering", "refused"))
                                .withMessageContaining("circuit breaker 'tandem-mq-template' is OPEN")
                                .withMessageContaining("127.0.0.1:" + nameServerPort);
                        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast")
                                .isLessThan(Duration.ofMillis(200));
                        assertThat(template.sendAsync("Recovering", "refused too"))
                                .failsWithin(Duration.ofSeconds(1)).withThrowableThat()
                                .havingCause().isInstanceOf(MqBrokerUnavailableException.class);

                        broker.set(Broker.start(BrokerConfig.builder(dataDirectory).nameServerPort(nameServerPort)
                                .brokerPort(0).store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20))
                                .build()));
                        await().atMost(Duration.ofSeconds(15)).ignoreExceptionsInstanceOf(MqSendException.class)
                                .untilAsserted(() -> assertThat(template.send("Recovering", "delivered").status())
                                        .isEqualTo(SendStatus.SEND_OK));
                    });
        } finally {
            if (broker.get() != null) {
                broker.get().close();
            }
        }
    }
}
