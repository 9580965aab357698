package io.tandem.spring.listener;

import io.tandem.client.ReceivedMessage;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.config.MqListenerEndpointRegistry;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A batch listener that names the failed messages of its batch gets only those again. */
@SpringBootTest(classes = MqBatchListenerFailedIntegrationTest.App.class,
        properties = "tandem.mq.consumer.consume-from=first-offset")
@EmbeddedMqBroker(topics = "BatchPartial", queues = 1, delayLevels = "100ms 100ms 100ms 100ms 100ms 100ms")
@DirtiesContext
class MqBatchListenerFailedIntegrationTest {

    @Autowired
    MqTemplate template;

    @Autowired
    MqListenerEndpointRegistry registry;

    @Autowired
    PartialListener listener;

    @Test
    void shouldRetryOnlyTheMessagesTheBatchListenerReportsFailed() {
        template.sendBatch("BatchPartial", List.of("a", "b", "c"));

        registry.getListenerContainer("partial").start();

        await().atMost(Inbox.WAIT).until(() -> listener.deliveries.items().contains("b@1"));
        template.send("BatchPartial", "marker");
        await().atMost(Inbox.WAIT).until(() -> listener.deliveries.items().contains("marker@0"));
        assertThat(listener.deliveries.items()).containsExactlyInAnyOrder("a@0", "b@0", "c@0", "b@1", "marker@0");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        PartialListener partialListener() {
            return new PartialListener();
        }
    }

    static class PartialListener {

        final Inbox<String> deliveries = new Inbox<>();

        @MqListener(id = "partial", topics = "BatchPartial", group = "batch-partial", batch = true, batchSize = "10",
                autoStartup = "false")
        void onMessages(List<ReceivedMessage> messages) {
            messages.forEach(message -> deliveries.add(message.bodyAsString() + "@" + message.reconsumeTimes()));
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).bodyAsString().equals("b") && messages.get(i).reconsumeTimes() == 0) {
                    throw new MqBatchListenerFailedException("b cannot be handled yet", null, i);
                }
            }
        }
    }
}
