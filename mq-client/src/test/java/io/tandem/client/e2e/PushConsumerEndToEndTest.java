package io.tandem.client.e2e;

import io.micrometer.core.instrument.Gauge;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.ConsumeResult;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.protocol.body.MessageModel;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push consumer groups against a real broker: rebalancing, ordering, retries, dead letters, long polling. */
class PushConsumerEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();
    static Producer producer;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        producer = Producer.start(clientConfig(broker), ProducerConfig.of("push-e2e-producer"));
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

    private PushConsumerConfig.Builder config(String group) {
        return PushConsumerConfig.builder(group).consumeFrom(ConsumeFrom.FIRST_OFFSET)
                .rebalanceInterval(Duration.ofSeconds(2)).offsetCommitInterval(Duration.ofMillis(500))
                .suspendTime(Duration.ofMillis(100));
    }

    private PushConsumer start(PushConsumer consumer, String topic) {
        closeables.add(consumer);
        return consumer.subscribe(topic, "*").start();
    }

    private static Set<MessageQueue> queuesOf(PushConsumer consumer, String topic) {
        Set<MessageQueue> queues = new HashSet<>(consumer.assignedQueues());
        queues.removeIf(queue -> !queue.topic().equals(topic));
        return queues;
    }

    @Test
    void shouldLoseNothingWhenOneOfThreeMembersLeavesWhileMessagesFlow() throws Exception {
        String topic = "Rebalanced";
        producer.send(Message.of(topic, "create"));
        int queueCount = producer.publishQueues(topic).size();
        Set<String> received = ConcurrentHashMap.newKeySet();
        List<PushConsumer> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(start(PushConsumer.concurrent(clientConfig(broker), config("rebalanced").build(),
                    messages -> {
                        messages.forEach(message -> received.add(message.bodyAsString()));
                        return ConsumeResult.SUCCESS;
                    }), topic));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            Set<MessageQueue> union = new HashSet<>();
            int total = 0;
            for (PushConsumer member : members) {
                union.addAll(queuesOf(member, topic));
                total += queuesOf(member, topic).size();
            }
            assertThat(union).hasSize(queueCount);
            assertThat(total).as("no queue owned twice").isEqualTo(queueCount);
            assertThat(members).allSatisfy(member -> assertThat(queuesOf(member, topic)).isNotEmpty());
        });

        int count = 600;
        AtomicInteger sent = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        try (ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor()) {
            pacer.scheduleAtFixedRate(() -> {
                for (int i = 0; i < 20 && sent.get() < count; i++) {
                    try {
                        producer.send(Message.of(topic, "m" + sent.get()));
                        sent.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            await().atMost(WAIT).until(() -> sent.get() >= count / 3);
            members.get(1).close();
            await().atMost(WAIT).until(() -> sent.get() >= count);
        }

        assertThat(failures).isEmpty();
        Set<String> expected = new HashSet<>(IntStream.range(0, count).mapToObj(i -> "m" + i).toList());
        await().atMost(WAIT).untilAsserted(() -> assertThat(received).containsAll(expected));
        Set<MessageQueue> remaining = new HashSet<>(queuesOf(members.get(0), topic));
        remaining.addAll(queuesOf(members.get(2), topic));
        assertThat(remaining).hasSize(queueCount);
    }

    @Test
    void shouldKeepEveryQueueInOrderWhileTheOrderlyListenerFailsSometimes() {
        String topic = "Ordered";
        for (int step = 0; step < 25; step++) {
            for (String key : List.of("k1", "k2", "k3", "k4", "k5", "k6")) {
                producer.sendOrderly(Message.builder(topic).body(key + ":" + step).keys(key).build(), key);
            }
        }
        Map<Integer, List<Long>> successfulOffsets = new ConcurrentHashMap<>();
        Map<String, List<Integer>> stepsByKey = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        PushConsumer consumer = start(PushConsumer.orderly(clientConfig(broker), config("ordered").build(),
                messages -> {
                    if (calls.incrementAndGet() % 4 == 0) {
                        failures.incrementAndGet();
                        if (failures.get() % 2 == 0) {
                            throw new IllegalStateException("listener failure " + failures.get());
                        }
                        return ConsumeResult.RETRY_LATER;
                    }
                    for (ReceivedMessage message : messages) {
                        successfulOffsets.computeIfAbsent(message.queue().queueId(),
                                ignored -> new CopyOnWriteArrayList<>()).add(message.queueOffset());
                        String body = message.bodyAsString();
                        stepsByKey.computeIfAbsent(body.substring(0, 2), ignored -> new CopyOnWriteArrayList<>())
                                .add(Integer.parseInt(body.substring(3)));
                    }
                    return ConsumeResult.SUCCESS;
                }), topic);

        await().atMost(WAIT).until(() -> stepsByKey.values().stream().mapToInt(List::size).sum() == 150);
        assertThat(failures.get()).isGreaterThan(10);
        List<Integer> inOrder = IntStream.range(0, 25).boxed().toList();
        assertThat(stepsByKey).hasSize(6);
        stepsByKey.values().forEach(steps -> assertThat(steps).containsExactlyElementsOf(inOrder));
        successfulOffsets.values().forEach(offsets -> assertThat(offsets).isSorted().doesNotHaveDuplicates());
        assertThat(queuesOf(consumer, topic)).isNotEmpty();
    }

    @Test
    void shouldRetryAFailingMessageThenMoveItToTheDeadLetterQueue() {
        String topic = "Failing";
        SendResult poison = producer.send(Message.builder(topic).body("poison").keys("p").build());
        producer.send(Message.of(topic, "fine"));
        List<ReceivedMessage> attempts = new CopyOnWriteArrayList<>();
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        start(PushConsumer.concurrent(clientConfig(broker), config("failing").maxReconsumeTimes(2).build(),
                messages -> {
                    ReceivedMessage message = messages.get(0);
                    if (message.bodyAsString().equals("poison")) {
                        attempts.add(message);
                        return ConsumeResult.RETRY_LATER;
                    }
                    succeeded.add(message.bodyAsString());
                    return ConsumeResult.SUCCESS;
                }), topic);
        Inbox deadLetters = new Inbox();
        start(PushConsumer.concurrent(clientConfig(broker), config("dead-letter-reader").build(), deadLetters),
                "%DLQ%failing");

        await().atMost(WAIT).until(() -> deadLetters.size() == 1);
        assertThat(succeeded).containsExactly("fine");
        assertThat(attempts).extracting(ReceivedMessage::reconsumeTimes).containsExactly(0, 1, 2);
        assertThat(attempts).extracting(ReceivedMessage::topic).containsOnly(topic);
        assertThat(attempts).extracting(ReceivedMessage::messageId).containsOnly(poison.messageId());
        assertThat(attempts.get(1).queue().topic()).isEqualTo("%RETRY%failing");
        long firstRetryGap = attempts.get(1).storeTimestamp() - attempts.get(0).storeTimestamp();
        assertThat(firstRetryGap).as("retry waits delay level 3").isGreaterThanOrEqualTo(
                RunningBroker.LEVEL_STEP.multipliedBy(3).toMillis());
        ReceivedMessage dead = deadLetters.messages().get(0);
        assertThat(dead.bodyAsString()).isEqualTo("poison");
        assertThat(dead.messageId()).isEqualTo(poison.messageId());
        assertThat(dead.keys()).containsExactly("p");
        assertThat(dead.property(PropertyKeys.RETRY_TOPIC)).isEqualTo(topic);
        assertThat(attempts).hasSize(3);
    }

    @Test
    void shouldMoveAnOrderlyMessageToTheDeadLetterQueueAfterItsLocalRetries() {
        String topic = "OrderedPoison";
        producer.sendOrderly(Message.of(topic, "poison"), "key");
        producer.sendOrderly(Message.of(topic, "next"), "key");
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        start(PushConsumer.orderly(clientConfig(broker), config("ordered-poison").maxReconsumeTimes(2).build(),
                messages -> {
                    deliveries.addAll(messages);
                    return messages.get(0).bodyAsString().equals("poison")
                            ? ConsumeResult.RETRY_LATER : ConsumeResult.SUCCESS;
                }), topic);
        Inbox deadLetters = new Inbox();
        start(PushConsumer.concurrent(clientConfig(broker), config("ordered-dead-letters").build(), deadLetters),
                "%DLQ%ordered-poison");

        await().atMost(WAIT).until(() -> deadLetters.size() == 1
                && deliveries.stream().anyMatch(message -> message.bodyAsString().equals("next")));
        assertThat(deliveries).extracting(ReceivedMessage::bodyAsString)
                .containsExactly("poison", "poison", "poison", "next");
        assertThat(deadLetters.messages().get(0).bodyAsString()).isEqualTo("poison");
    }

    @Test
    void shouldAnswerAParkedPullWithinMillisecondsOfTheSend() {
        String topic = "LongPoll";
        producer.send(Message.of(topic, "create"));
        Inbox inbox = new Inbox();
        PushConsumer consumer = start(PushConsumer.concurrent(clientConfig(broker), config("long-poll").build(),
                inbox), topic);
        await().atMost(WAIT).until(() -> inbox.size() == 1);
        int owned = consumer.assignedQueues().size();
        Gauge parked = broker.broker().meterRegistry().get("tandem.pulls.parked").gauge();
        await().atMost(WAIT).until(() -> parked.value() >= owned);

        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int before = inbox.size();
            long sentAt = System.currentTimeMillis();
            producer.send(Message.of(topic, "ping-" + i));
            await().atMost(WAIT).until(() -> inbox.size() == before + 1);
            latencies.add(inbox.deliveryOf("ping-" + i).receivedAtMs() - sentAt);
            await().atMost(WAIT).until(() -> parked.value() >= owned);
        }

        latencies.sort(null);
        assertThat(latencies.get(latencies.size() / 2)).as("median send-to-listener ms of %s", latencies)
                .isLessThan(50);
        assertThat(latencies.get(latencies.size() - 1)).as("slowest send-to-listener ms of %s", latencies)
                .isLessThan(500);
    }

    @Test
    void shouldGiveEveryBroadcastingMemberEveryMessage() {
        String topic = "Broadcast";
        producer.send(Message.of(topic, "create"));
        Inbox first = new Inbox();
        Inbox second = new Inbox();
        PushConsumerConfig config = config("broadcast").messageModel(MessageModel.BROADCASTING).build();
        start(PushConsumer.concurrent(clientConfig(broker), config, first), topic);
        start(PushConsumer.concurrent(clientConfig(broker), config, second), topic);

        for (int i = 0; i < 20; i++) {
            producer.send(Message.of(topic, "b" + i));
        }

        await().atMost(WAIT).until(() -> first.bodies().size() == 21 && second.bodies().size() == 21);
        assertThat(first.bodies()).isEqualTo(second.bodies());
    }
}
