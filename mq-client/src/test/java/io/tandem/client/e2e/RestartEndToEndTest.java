package io.tandem.client.e2e;

import io.tandem.client.Message;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.server.testing.RunningBroker;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A broker restarted on the same data directory keeps topics and offsets, and running clients reconnect. */
class RestartEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @AfterEach
    void noThreadsLeft() {
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    private static PushConsumerConfig config(String group) {
        return PushConsumerConfig.builder(group).consumeFrom(ConsumeFrom.FIRST_OFFSET)
                .pullRetryDelay(Duration.ofMillis(200)).offsetCommitInterval(Duration.ofMillis(500)).build();
    }

    @Test
    void shouldResumeFromCommittedOffsetsWithTopicsIntactAfterARestart() {
        try (RunningBroker broker = RunningBroker.withDefaults().storingIn(directory).start();
             Producer producer = Producer.start(clientConfig(broker), ProducerConfig.of("restart-producer"))) {
            for (int i = 0; i < 30; i++) {
                producer.send(Message.of("Durable", "before-" + i));
            }
            List<MessageQueue> queuesBefore = producer.publishQueues("Durable");
            Inbox first = new Inbox();
            try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), config("durable"), first)) {
                consumer.subscribe("Durable", "*").start();
                await().atMost(WAIT).until(() -> first.bodies().size() == 30);
            }

            broker.bounce();
            for (int i = 0; i < 10; i++) {
                producer.send(Message.of("Durable", "after-" + i));
            }

            Inbox second = new Inbox();
            try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), config("durable"), second)) {
                consumer.subscribe("Durable", "*").start();
                await().atMost(WAIT).until(() -> second.bodies().size() == 10);
                assertThat(consumer.assignedQueues()).filteredOn(queue -> queue.topic().equals("Durable"))
                        .containsExactlyInAnyOrderElementsOf(queuesBefore);
            }
            assertThat(second.bodies()).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 10).mapToObj(i -> "after-" + i).toList());
            assertThat(producer.publishQueues("Durable")).containsExactlyElementsOf(queuesBefore);
        }
    }

    @Test
    void shouldKeepConsumingThroughABrokerRestart() {
        try (RunningBroker broker = RunningBroker.withDefaults().storingIn(directory).start();
             Producer producer = Producer.start(clientConfig(broker), ProducerConfig.of("bounce-producer"))) {
            producer.send(Message.of("Bounced", "first"));
            Inbox inbox = new Inbox();
            try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), config("bounced"), inbox)) {
                consumer.subscribe("Bounced", "*").start();
                await().atMost(WAIT).until(() -> inbox.bodies().contains("first"));

                broker.bounce();
                Set<String> sent = new HashSet<>();
                for (int i = 0; i < 10; i++) {
                    producer.send(Message.of("Bounced", "after-restart-" + i));
                    sent.add("after-restart-" + i);
                }

                await().atMost(WAIT).untilAsserted(() -> assertThat(inbox.bodies()).containsAll(sent));
            }
        }
    }
}
