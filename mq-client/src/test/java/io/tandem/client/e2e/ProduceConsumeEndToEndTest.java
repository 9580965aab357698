package io.tandem.client.e2e;

import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.ConsumeResult;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.server.testing.RunningBroker;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every way of producing, consumed back through a push consumer from a real broker. */
class ProduceConsumeEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();
    static Producer producer;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        producer = Producer.start(clientConfig(broker), ProducerConfig.of("e2e-producer"));
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    @AfterEach
    void closeConsumers() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            AutoCloseable closeable = closeables.get(i);
            closeable.close();
        }
    }

    private Inbox consume(String group, String topic, String expression) {
        Inbox inbox = new Inbox();
        PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker),
                PushConsumerConfig.builder(group).consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox);
        closeables.add(consumer);
        consumer.subscribe(topic, expression).start();
        return inbox;
    }

    @Test
    void shouldDeliverMessagesSentEveryWayWithTheirIdsKeysTagsPropertiesAndFlag() {
        String topic = "EveryWay";
        SendResult sync = producer.send(Message.builder(topic).body("sync").tags("TagA").keys("order-1", "user-7")
                .property("region", "eu").flag(42).build());
        SendResult async = producer.sendAsync(Message.builder(topic).body("async").tags("TagA").build()).join();
        producer.sendOneway(Message.builder(topic).body("oneway").tags("TagA").build());
        SendResult batch = producer.send(List.of(Message.builder(topic).body("batch-0").tags("TagA").build(),
                Message.builder(topic).body("batch-1").tags("TagA").build()));
        SendResult selected = producer.send(Message.builder(topic).body("selected").tags("TagA").build(),
                (queues, message, arg) -> queues.get(queues.size() - 1), null);

        Inbox inbox = consume("every-way", topic, "*");

        await().atMost(WAIT).until(() -> inbox.size() == 6);
        assertThat(inbox.bodies()).containsExactlyInAnyOrder("sync", "async", "oneway", "batch-0", "batch-1",
                "selected");
        ReceivedMessage received = inbox.byBody("sync");
        assertThat(received.messageId()).isEqualTo(sync.messageId());
        assertThat(received.offsetMessageId()).isEqualTo(sync.offsetMessageId());
        assertThat(received.queue()).isEqualTo(sync.queue());
        assertThat(received.queueOffset()).isEqualTo(sync.queueOffset());
        assertThat(received.tags()).isEqualTo("TagA");
        assertThat(received.keys()).containsExactly("order-1", "user-7");
        assertThat(received.property("region")).isEqualTo("eu");
        assertThat(received.flag()).isEqualTo(42);
        assertThat(received.reconsumeTimes()).isZero();
        assertThat(inbox.byBody("async").messageId()).isEqualTo(async.messageId());
        List<String> batchIds = Arrays.asList(batch.messageId().split(","));
        assertThat(batchIds).hasSize(2);
        assertThat(List.of(inbox.byBody("batch-0").queueOffset(), inbox.byBody("batch-1").queueOffset()))
                .containsExactly(batch.queueOffset(), batch.queueOffset() + 1);
        assertThat(inbox.byBody("batch-0").queue()).isEqualTo(inbox.byBody("batch-1").queue());
        assertThat(inbox.byBody("selected").queue()).isEqualTo(selected.queue());
        assertThat(selected.status()).isEqualTo(SendStatus.SEND_OK);
    }

    @Test
    void shouldRoundTripALargeCompressedBodyByteForByte() {
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i % 251 < 200 ? 'x' : i);
        }
        producer.send(Message.builder("Large").body(body).build());

        Inbox inbox = consume("large", "Large", "*");

        await().atMost(WAIT).until(() -> inbox.size() == 1);
        assertThat(inbox.messages().get(0).body()).isEqualTo(body);
    }

    @Test
    void shouldKeepTheSendOrderOfEachShardingKey() {
        String topic = "Sharded";
        for (int step = 0; step < 20; step++) {
            for (String order : List.of("o1", "o2", "o3")) {
                producer.sendOrderly(Message.builder(topic).body(order + ":" + step).build(), order);
            }
        }
        List<String> received = new CopyOnWriteArrayList<>();
        PushConsumer consumer = PushConsumer.orderly(clientConfig(broker),
                PushConsumerConfig.builder("sharded").consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), messages -> {
                    messages.forEach(message -> received.add(message.bodyAsString()));
                    return ConsumeResult.SUCCESS;
                });
        closeables.add(consumer);
        consumer.subscribe(topic, "*").start();

        await().atMost(WAIT).until(() -> received.size() == 60);
        Map<String, List<Integer>> steps = received.stream().collect(Collectors.groupingBy(
                body -> body.substring(0, 2), Collectors.mapping(body -> Integer.parseInt(body.substring(3)),
                        Collectors.toList())));
        List<Integer> inOrder = IntStream.range(0, 20).boxed().toList();
        assertThat(steps).containsOnlyKeys("o1", "o2", "o3");
        steps.values().forEach(sequence -> assertThat(sequence).containsExactlyElementsOf(inOrder));
    }

    @Test
    void shouldDeliverOnlySubscribedTags() {
        String topic = "Tagged";
        producer.send(Message.builder(topic).body("a").tags("TagA").build());
        producer.send(Message.builder(topic).body("b").tags("TagB").build());
        producer.send(Message.builder(topic).body("c").tags("TagC").build());
        producer.send(Message.builder(topic).body("untagged").build());

        Inbox inbox = consume("tagged", topic, "TagA || TagC");
        Inbox all = consume("tagged-all", topic, "*");

        await().atMost(WAIT).until(() -> all.size() == 4 && inbox.size() == 2);
        assertThat(inbox.bodies()).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void shouldDelayByLevelAndUntilADeliveryTime() {
        String topic = "Delayed";
        Inbox inbox = consume("delayed", topic, "*");
        producer.send(Message.of(topic, "warm-up"));
        await().atMost(WAIT).until(() -> inbox.size() == 1);

        long sentAt = System.currentTimeMillis();
        producer.send(Message.builder(topic).body("level-3").delayLevel(3).build());
        long deliverAt = System.currentTimeMillis() + 1500;
        producer.send(Message.builder(topic).body("timed").deliverTimeMs(deliverAt).build());
        producer.send(Message.of(topic, "now"));

        await().atMost(WAIT).until(() -> inbox.size() == 4);
        long levelDelay = RunningBroker.LEVEL_STEP.multipliedBy(3).toMillis();
        assertThat(inbox.deliveryOf("level-3").receivedAtMs()).isGreaterThanOrEqualTo(sentAt + levelDelay);
        assertThat(inbox.deliveryOf("timed").receivedAtMs()).isGreaterThanOrEqualTo(deliverAt);
        assertThat(inbox.deliveryOf("now").receivedAtMs()).isLessThan(inbox.deliveryOf("level-3").receivedAtMs());
        assertThat(inbox.byBody("level-3").property(PropertyKeys.DELAY)).isEqualTo("3");
        assertThat(inbox.byBody("timed").topic()).isEqualTo(topic);
    }

    @Test
    void shouldPublishAFreshTopicToTheQueuesTheTemplateGives() {
        List<MessageQueue> queues = producer.publishQueues("BrandNew");
        assertThat(queues).isNotEmpty().extracting(MessageQueue::topic).containsOnly("BrandNew");

        List<CompletableFuture<SendResult>> sends = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sends.add(producer.sendAsync(Message.of("BrandNew", "m" + i)));
        }
        Inbox inbox = consume("brand-new", "BrandNew", "*");

        assertThat(sends.stream().map(CompletableFuture::join).map(SendResult::queue).distinct().count())
                .isGreaterThan(1);
        await().atMost(WAIT).until(() -> inbox.size() == 40);
    }
}
