package io.tandem.client.e2e;

import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PullConsumer;
import io.tandem.client.consumer.PullConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.server.testing.RunningBroker;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pull consumer against a real broker: assign, seek, commit, group subscriptions. */
class PullConsumerEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();
    static Producer producer;

    @BeforeAll
    static void startBroker() {
        producer = Producer.start(clientConfig(broker), ProducerConfig.of("pull-e2e-producer"));
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    private static PullConsumerConfig.Builder config(String group) {
        return PullConsumerConfig.builder(group).consumeFrom(ConsumeFrom.FIRST_OFFSET)
                .rebalanceInterval(Duration.ofSeconds(2)).autoCommitInterval(Duration.ofMillis(500));
    }

    private static List<ReceivedMessage> pollUntil(List<PullConsumer> consumers, int count) {
        List<ReceivedMessage> received = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            for (PullConsumer consumer : consumers) {
                received.addAll(consumer.poll(Duration.ofMillis(50)));
            }
            return received.size() >= count;
        });
        return received;
    }

    @Test
    void shouldPollAnAssignedQueueSeekAndCommit() {
        String topic = "PullAssigned";
        producer.send(Message.of(topic, "create"));
        MessageQueue queue = producer.publishQueues(topic).get(0);
        for (int i = 0; i < 20; i++) {
            producer.send(Message.of(topic, "m" + i), queue);
        }
        try (PullConsumer consumer = PullConsumer.create(clientConfig(broker),
                config("pull-assigned").autoCommit(false).build())) {
            assertThat(consumer.fetchMessageQueues(topic)).contains(queue);
            consumer.assign(List.of(queue)).start();

            List<ReceivedMessage> received = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                received.addAll(consumer.poll(Duration.ofMillis(50)));
                return !received.isEmpty() && received.get(received.size() - 1).bodyAsString().equals("m19");
            });
            List<String> bodies = received.stream().map(ReceivedMessage::bodyAsString)
                    .filter(body -> !body.equals("create")).toList();
            assertThat(bodies).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
            consumer.commitSync();
            assertThat(consumer.committed(queue)).isEqualTo(consumer.position(queue))
                    .isEqualTo(received.get(received.size() - 1).queueOffset() + 1);

            long offsetOfM10 = received.stream().filter(message -> message.bodyAsString().equals("m10"))
                    .findFirst().orElseThrow().queueOffset();
            consumer.seek(queue, offsetOfM10);
            assertThat(pollUntil(List.of(consumer), 10)).extracting(ReceivedMessage::bodyAsString)
                    .startsWith("m10", "m11");
            consumer.seekToEnd(queue);
            assertThat(consumer.poll(Duration.ofMillis(300))).isEmpty();
            producer.send(Message.of(topic, "after-end"), queue);
            assertThat(pollUntil(List.of(consumer), 1)).extracting(ReceivedMessage::bodyAsString)
                    .containsExactly("after-end");
        }
    }

    @Test
    void shouldShareSubscribedQueuesWithinTheGroupAndResumeFromAutoCommittedOffsets() {
        String topic = "PullShared";
        producer.send(Message.of(topic, "create"));
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            producer.send(Message.of(topic, "s" + i));
            sent.add("s" + i);
        }
        PullConsumer first = PullConsumer.create(clientConfig(broker), config("pull-shared").build())
                .subscribe(topic, "*").start();
        PullConsumer second = PullConsumer.create(clientConfig(broker), config("pull-shared").build())
                .subscribe(topic, "*").start();
        try (first; second) {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(first.assignment()).isNotEmpty();
                assertThat(second.assignment()).isNotEmpty().doesNotContainAnyElementsOf(first.assignment());
            });
            List<ReceivedMessage> received = pollUntil(List.of(first, second), 101);
            assertThat(received).extracting(ReceivedMessage::bodyAsString).containsAll(sent);
        }

        try (PullConsumer restarted = PullConsumer.create(clientConfig(broker), config("pull-shared").build())
                .subscribe(topic, "*").start()) {
            producer.send(Message.of(topic, "later"));
            List<ReceivedMessage> received = pollUntil(List.of(restarted), 1);
            assertThat(received).extracting(ReceivedMessage::bodyAsString).containsExactly("later");
        }
    }
}
