package io.tandem.spring.listener;

import io.tandem.client.ReceivedMessage;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.autoconfigure.MqAutoConfiguration;
import io.tandem.spring.config.MqListenerEndpointRegistry;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch listeners against the embedded broker. Their containers start only once the test has sent its messages, and
 * new groups read from the first offset, so that a listener finds a backlog and receives it in batches.
 */
@SpringBootTest(classes = MqBatchListenerIntegrationTest.App.class,
        properties = "tandem.mq.consumer.consume-from=first-offset")
@EmbeddedMqBroker(topics = {"BatchOrders", "BatchMessages", "BatchRetried"},
        delayLevels = "100ms 100ms 100ms 100ms 100ms 100ms 100ms 100ms")
@DirtiesContext
class MqBatchListenerIntegrationTest {

    record Order(long id, List<String> items) {
    }

    @Autowired
    MqTemplate template;

    @Autowired
    MqListenerEndpointRegistry registry;

    @Autowired
    BatchListeners listeners;

    @Test
    void shouldDeliverUpToTheBatchSizePerCallWithGenericPayloads() {
        List<Order> orders = IntStream.range(0, 25).mapToObj(i -> new Order(i, List.of("item-" + i))).toList();
        template.sendBatch("BatchOrders", orders);

        registry.getListenerContainer("batch-orders").start();

        await().atMost(Inbox.WAIT).until(() -> flatten(listeners.orders.items()).size() >= orders.size());
        List<List<Order>> calls = listeners.orders.items();
        assertThat(calls).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 10));
        assertThat(calls).as("a backlog of 25 comes in full batches").anySatisfy(batch -> assertThat(batch).hasSize(10));
        assertThat(flatten(calls)).as("one queue, one thread: in send order").containsExactlyElementsOf(orders);
        assertThat(registry.getListenerContainer("batch-orders").consumerConfig().consumeBatchSize()).isEqualTo(10);
    }

    @Test
    void shouldGiveEachMessageOfABatchItsOwnHeadersOrTheRawMessage() {
        template.sendBatch("BatchMessages", List.of(
                MessageBuilder.withPayload(new Order(1, List.of("lamp"))).setHeader(MqHeaders.KEYS, "order-1").build(),
                MessageBuilder.withPayload(new Order(2, List.of("desk"))).setHeader(MqHeaders.KEYS, "order-2").build()));

        registry.getListenerContainer("batch-messages").start();
        registry.getListenerContainer("batch-raw").start();

        await().atMost(Inbox.WAIT).until(() -> flatten(listeners.messages.items()).size() >= 2);
        List<Message<Order>> messages = flatten(listeners.messages.items());
        assertThat(messages).extracting(Message::getPayload)
                .containsExactly(new Order(1, List.of("lamp")), new Order(2, List.of("desk")));
        assertThat(messages).extracting(message -> message.getHeaders().get(MqHeaders.KEYS))
                .containsExactly(List.of("order-1"), List.of("order-2"));
        await().atMost(Inbox.WAIT).until(() -> flatten(listeners.raw.items()).size() >= 2);
        List<ReceivedMessage> raw = flatten(listeners.raw.items());
        assertThat(raw).extracting(ReceivedMessage::topic).containsOnly("BatchMessages");
        assertThat(raw).extracting(ReceivedMessage::keys).containsExactly(List.of("order-1"), List.of("order-2"));
        assertThat(raw).extracting(ReceivedMessage::messageId).doesNotHaveDuplicates()
                .containsExactlyElementsOf(messages.stream()
                        .map(message -> (String) message.getHeaders().get(MqHeaders.MESSAGE_ID)).toList());
    }

    @Test
    void shouldRetryEveryMessageOfAFailedBatchThroughTheRetryTopic() {
        List<String> sent = List.of("a", "b", "c", "d", "e");
        template.sendBatch("BatchRetried", sent);

        registry.getListenerContainer("batch-retried").start();

        await().atMost(Inbox.WAIT).until(() -> listeners.retried.items().stream()
                .flatMap(List::stream).filter(delivery -> delivery.reconsumeTimes() == 1).count() >= sent.size());
        List<List<BatchListeners.Delivery>> calls = listeners.retried.items();
        assertThat(calls.getFirst()).as("the failed first batch").extracting(BatchListeners.Delivery::body)
                .containsExactlyElementsOf(sent);
        List<BatchListeners.Delivery> deliveries = calls.stream().flatMap(List::stream).toList();
        assertThat(deliveries).filteredOn(delivery -> delivery.reconsumeTimes() == 1)
                .extracting(BatchListeners.Delivery::body).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(deliveries).as("each message once failed, once retried").hasSize(2 * sent.size());
    }

    @Test
    void shouldRefuseABatchListenerThatDoesNotTakeOneList() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MqAutoConfiguration.class))
                .withUserConfiguration(NotABatch.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("a batch listener takes one parameter, a List of payloads, of"
                                + " Message<T> or of ReceivedMessage; onOrder takes 1 parameter(s) of type"));
    }

    private static <T> List<T> flatten(List<List<T>> calls) {
        return calls.stream().flatMap(List::stream).toList();
    }

    static class BatchListeners {
        record Delivery(String body, int reconsumeTimes) {
        }

        final Inbox<List<Order>> orders = new Inbox<>();
        final Inbox<List<Message<Order>>> messages = new Inbox<>();
        final Inbox<List<ReceivedMessage>> raw = new Inbox<>();
        final Inbox<List<Delivery>> retried = new Inbox<>();
        final AtomicBoolean failedOnce = new AtomicBoolean();

        @MqListener(id = "batch-orders", topics = "BatchOrders", group = "batch-orders", batch = true,
                batchSize = "10", concurrency = "1", autoStartup = "false")
        void onOrders(List<Order> batch) {
            orders.add(batch);
        }

        @MqListener(id = "batch-messages", topics = "BatchMessages", group = "batch-messages", batch = true,
                autoStartup = "false")
        void onMessages(List<Message<Order>> batch) {
            messages.add(batch);
        }

        @MqListener(id = "batch-raw", topics = "BatchMessages", group = "batch-raw", batch = true,
                autoStartup = "false")
        void onRaw(List<ReceivedMessage> batch) {
            raw.add(batch);
        }

        @MqListener(id = "batch-retried", topics = "BatchRetried", group = "batch-retried", batch = true,
                autoStartup = "false")
        void onRetried(List<Message<String>> batch) {
            retried.add(batch.stream().map(message -> new Delivery(message.getPayload(),
                    (Integer) message.getHeaders().get(MqHeaders.RECONSUME_TIMES))).toList());
            if (failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("the first batch fails");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NotABatch {

        @Bean
        Listener notABatch() {
            return new Listener();
        }

        static class Listener {
            @MqListener(topics = "BatchOrders", group = "not-a-batch", batch = true)
            void onOrder(Order order) {
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(BatchListeners.class)
    static class App {
    }
}
