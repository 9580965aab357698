package io.tandem.server.compat;

import io.tandem.server.compat.Deliveries.Delivery;
import io.tandem.server.testing.RunningBroker;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of send of the Apache RocketMQ {@link DefaultMQProducer}, received by a {@link DefaultMQPushConsumer}
 * with a concurrent listener.
 */
class SendCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private RocketMqClients clients;
    private final Deliveries deliveries = new Deliveries();
    private final String topic = "compat-send-" + NAMES.incrementAndGet();
    private final String group = "compat-send-group-" + NAMES.get();

    @BeforeEach
    void createClients() {
        clients = new RocketMqClients(broker.nameServerAddress());
    }

    @AfterEach
    void shutDownClients() throws InterruptedException {
        clients.close();
    }

    @Test
    void shouldDeliverSyncSendWithTagsKeysPropertiesAndMessageIdIntact() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        byte[] body = {0, 1, 2, (byte) 0xff, '\n', 1, 2, 'z', 0};
        Message wrongTag = new Message(topic, "TagB", "other-key", "must be filtered".getBytes(StandardCharsets.UTF_8));
        Message message = new Message(topic, "TagA", body);
        message.setKeys(List.of("order-17", "customer-9"));
        message.putUserProperty("colour", "blue");
        message.putUserProperty("größe", "ünïcødé = ok; a:b");
        Message endMarker = new Message(topic, "TagC", "end".getBytes(StandardCharsets.UTF_8));

        MessageQueueSelector firstQueue = (queues, msg, arg) -> queues.getFirst();
        assertThat(producer.send(wrongTag, firstQueue, null).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        SendResult sent = producer.send(message, firstQueue, null);
        assertThat(producer.send(endMarker, firstQueue, null).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(sent.getMsgId()).isNotBlank();
        assertThat(sent.getOffsetMsgId()).isNotBlank().isNotEqualTo(sent.getMsgId());
        assertThat(sent.getMessageQueue().getTopic()).isEqualTo(topic);
        assertThat(sent.getQueueOffset()).isEqualTo(1);

        DefaultMQPushConsumer consumer = clients.pushConsumer(group);
        consumer.setConsumeThreadMin(1);
        consumer.setConsumeThreadMax(1);
        consumer.subscribe(topic, "TagA || TagC");
        consumer.setMessageListener(deliveries.acknowledging("c1"));
        consumer.start();

        await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("end"));
        assertThat(deliveries.all()).extracting(d -> d.message().getTags()).containsExactly("TagA", "TagC");
        MessageExt received = deliveries.all().getFirst().message();
        assertThat(received.getTopic()).isEqualTo(topic);
        assertThat(received.getTags()).isEqualTo("TagA");
        assertThat(received.getKeys()).isEqualTo("order-17 customer-9");
        assertThat(received.getUserProperty("colour")).isEqualTo("blue");
        assertThat(received.getUserProperty("größe")).isEqualTo("ünïcødé = ok; a:b");
        assertThat(received.getBody()).isEqualTo(body);
        assertThat(received.getMsgId()).isEqualTo(sent.getMsgId());
        assertThat(received.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX))
                .isEqualTo(sent.getMsgId());
        assertThat(received.getQueueId()).isEqualTo(sent.getMessageQueue().getQueueId());
        assertThat(received.getQueueOffset()).isEqualTo(sent.getQueueOffset());
        assertThat(received.getReconsumeTimes()).isZero();
        assertThat(received.getBornTimestamp()).isPositive().isLessThanOrEqualTo(received.getStoreTimestamp());
    }

    @Test
    void shouldCompleteAsyncSendsThroughTheCallback() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        int count = 20;
        Map<String, SendResult> results = new ConcurrentHashMap<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < count; i++) {
            String body = "async-" + i;
            producer.send(new Message(topic, "async", body.getBytes(StandardCharsets.UTF_8)), new SendCallback() {
                @Override
                public void onSuccess(SendResult result) {
                    results.put(body, result);
                }

                @Override
                public void onException(Throwable e) {
                    failures.add(e);
                }
            });
        }
        await().atMost(TIMEOUT).until(() -> results.size() + failures.size() == count);
        assertThat(failures).isEmpty();
        assertThat(results.values()).extracting(SendResult::getSendStatus).containsOnly(SendStatus.SEND_OK);
        Set<String> sentIds = new HashSet<>();
        results.values().forEach(result -> sentIds.add(result.getMsgId()));
        assertThat(sentIds).hasSize(count);

        startConsumer("*");

        await().atMost(TIMEOUT).until(() -> deliveries.size() >= count);
        assertThat(deliveries.messageIds()).containsExactlyInAnyOrderElementsOf(sentIds);
        for (Delivery delivery : deliveries.all()) {
            assertThat(delivery.message().getMsgId()).isEqualTo(results.get(delivery.body()).getMsgId());
        }
    }

    @Test
    void shouldDeliverOnewaySends() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        List<String> bodies = IntStream.range(0, 10).mapToObj(i -> "oneway-" + i).toList();
        // The first oneway send to a new topic would be routed by TBW102; a sync send creates the topic first.
        producer.send(new Message(topic, "sync", "first".getBytes(StandardCharsets.UTF_8)));
        for (String body : bodies) {
            producer.sendOneway(new Message(topic, "oneway", body.getBytes(StandardCharsets.UTF_8)));
        }

        startConsumer("oneway");

        await().atMost(TIMEOUT).until(() -> deliveries.size() >= bodies.size());
        assertThat(deliveries.bodies()).containsExactlyInAnyOrderElementsOf(bodies);
    }

    @Test
    void shouldDeliverEveryMessageOfABatchWithItsOwnKeysAndId() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Message message = new Message(topic, "batch", "key-" + i, ("batch-" + i).getBytes(StandardCharsets.UTF_8));
            message.putUserProperty("index", Integer.toString(i));
            batch.add(message);
        }

        SendResult sent = producer.send(batch);

        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        List<String> sentIds = List.of(sent.getMsgId().split(","));
        assertThat(sentIds).hasSize(10).doesNotHaveDuplicates();

        startConsumer("batch");

        await().atMost(TIMEOUT).until(() -> deliveries.size() >= batch.size());
        assertThat(deliveries.messageIds()).containsExactlyInAnyOrderElementsOf(sentIds);
        for (Delivery delivery : deliveries.all()) {
            MessageExt message = delivery.message();
            String index = message.getUserProperty("index");
            assertThat(delivery.body()).isEqualTo("batch-" + index);
            assertThat(message.getKeys()).isEqualTo("key-" + index);
            assertThat(message.getMsgId()).isEqualTo(sentIds.get(Integer.parseInt(index)));
            assertThat(message.getQueueId()).isEqualTo(sent.getMessageQueue().getQueueId());
            assertThat(message.getQueueOffset()).isEqualTo(sent.getQueueOffset() + Integer.parseInt(index));
        }
    }

    @Test
    void shouldHoldADelayLevelMessageForItsDelay() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        int level = 5;
        startConsumerAfterWarmUp(producer);
        Message message = new Message(topic, "delayed", "delayed".getBytes(StandardCharsets.UTF_8));
        message.setDelayTimeLevel(level);

        long sentAtMs = System.currentTimeMillis();
        SendResult sent = producer.send(message);

        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        Delivery delivery = awaitDelivery("delayed");
        assertThat(delivery.receivedAtMs() - sentAtMs)
                .isGreaterThanOrEqualTo(RunningBroker.delayOfLevel(level).toMillis());
        assertThat(delivery.message().getTopic()).isEqualTo(topic);
        assertThat(delivery.message().getQueueId()).isEqualTo(sent.getMessageQueue().getQueueId());
        assertThat(delivery.message().getMsgId()).isEqualTo(sent.getMsgId());
    }

    @Test
    void shouldHoldADeliveryTimestampMessageUntilItsTime() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        startConsumerAfterWarmUp(producer);
        Message message = new Message(topic, "timed", "timed".getBytes(StandardCharsets.UTF_8));
        long deliverAtMs = System.currentTimeMillis() + 1_500;
        message.setDeliverTimeMs(deliverAtMs);

        SendResult sent = producer.send(message);

        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        Delivery delivery = awaitDelivery("timed");
        assertThat(delivery.receivedAtMs()).isGreaterThanOrEqualTo(deliverAtMs);
        assertThat(delivery.message().getTopic()).isEqualTo(topic);
        assertThat(delivery.message().getQueueId()).isEqualTo(sent.getMessageQueue().getQueueId());
        assertThat(delivery.message().getMsgId()).isEqualTo(sent.getMsgId());
    }

    private void startConsumer(String tags) throws Exception {
        DefaultMQPushConsumer consumer = clients.pushConsumer(group);
        consumer.subscribe(topic, tags);
        consumer.setMessageListener(deliveries.acknowledging("c1"));
        consumer.start();
    }

    /** Creates the topic and waits until a running consumer gets messages from it. */
    private void startConsumerAfterWarmUp(DefaultMQProducer producer) throws Exception {
        producer.send(new Message(topic, "warm-up", "warm-up".getBytes(StandardCharsets.UTF_8)));
        startConsumer("*");
        awaitDelivery("warm-up");
    }

    private Delivery awaitDelivery(String body) {
        return await().atMost(TIMEOUT).until(
                () -> deliveries.all().stream().filter(d -> d.body().equals(body)).findFirst(),
                found -> found.isPresent()).orElseThrow();
    }
}
