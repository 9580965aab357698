package io.tandem.client.e2e;

import io.tandem.client.Message;
import io.tandem.client.MqClientException;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.MessageSelector;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.server.testing.RunningBroker;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** SQL92 selectors of push consumers against a real broker, with its property filter on and off. */
class MessageSelectorEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            AutoCloseable closeable = closeables.get(i);
            closeable.close();
        }
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    private RunningBroker broker(boolean propertyFilter) {
        RunningBroker broker = RunningBroker.configured(builder -> builder.propertyFilter(propertyFilter)).start();
        closeables.add(broker);
        return broker;
    }

    private static PushConsumerConfig config(String group) {
        // One consume thread: messages are handled in pull order, so when the last one arrives every earlier one
        // the broker let through has arrived too.
        return PushConsumerConfig.builder(group).consumeFrom(ConsumeFrom.FIRST_OFFSET).consumeThreads(1).build();
    }

    @Test
    void shouldDeliverOnlyTheMessagesWhosePropertiesMatchTheSql92Selector() {
        RunningBroker broker = broker(true);
        try (AdminClient admin = AdminClient.start(clientConfig(broker))) {
            admin.createTopic(TopicSettings.of("Payments", 1));
        }
        Producer producer = Producer.start(clientConfig(broker), ProducerConfig.of("selector-producer"));
        closeables.add(producer);
        Inbox inbox = new Inbox();
        PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), config("selector-sql"), inbox)
                .subscribe("Payments", MessageSelector.bySql92("amount >= 50 AND region = 'eu'"));
        closeables.add(consumer);
        consumer.start();

        send(producer, "5-eu", 5, "eu");
        send(producer, "50-eu", 50, "eu");
        send(producer, "500-us", 500, "us");
        send(producer, "7-us", 7, "us");
        send(producer, "5000-eu", 5000, "eu");

        await().atMost(WAIT).until(() -> inbox.bodies().contains("5000-eu"));
        assertThat(inbox.messages()).extracting(message -> message.bodyAsString())
                .containsExactly("50-eu", "5000-eu");
    }

    @Test
    void shouldRefuseToStartWithAnExpressionTheBrokerCannotParse() {
        RunningBroker broker = broker(true);
        createTopic(broker, "Parsed");
        PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), config("selector-invalid"),
                new Inbox()).subscribe("Parsed", MessageSelector.bySql92("amount >>> 3"));
        closeables.add(consumer);

        assertThatThrownBy(consumer::start).isInstanceOf(MqClientException.class)
                .hasMessageContaining("consumer selector-invalid cannot select messages of Parsed with SQL92"
                        + " 'amount >>> 3'")
                .hasMessageContaining("cannot parse SQL92 expression");
    }

    @Test
    void shouldRefuseToStartWhenTheBrokersPropertyFilterIsOff() {
        RunningBroker broker = broker(false);
        createTopic(broker, "Unfiltered");
        PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), config("selector-off"), new Inbox())
                .subscribe("Unfiltered", MessageSelector.bySql92("amount > 1"));
        closeables.add(consumer);

        assertThatThrownBy(consumer::start).isInstanceOf(MqClientException.class)
                .hasMessageContaining("SQL92 filtering is disabled on this broker");
    }

    private static void createTopic(RunningBroker broker, String topic) {
        try (AdminClient admin = AdminClient.start(clientConfig(broker))) {
            admin.createTopic(TopicSettings.of(topic, 2));
        }
    }

    private static void send(Producer producer, String body, int amount, String region) {
        producer.send(Message.builder("Payments").body(body).property("amount", Integer.toString(amount))
                .property("region", region).build());
    }
}
