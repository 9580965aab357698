package io.tandem.server.compat;

import io.tandem.server.testing.RunningBroker;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link DefaultLitePullConsumer} in subscribe mode (group rebalancing) and assign mode (explicit queues, seek). */
class LitePullCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** One per test: the seek test counts the pulls the broker holds, so no other test's pulls may linger. */
    @RegisterExtension
    final RunningBroker broker = RunningBroker.withDefaults();

    private RocketMqClients clients;
    private final String topic = "compat-lite-" + NAMES.incrementAndGet();
    private final String group = "compat-lite-group-" + NAMES.get();

    @BeforeEach
    void createClients() {
        clients = new RocketMqClients(broker.nameServerAddress());
    }

    @AfterEach
    void shutDownClients() throws InterruptedException {
        clients.close();
    }

    @Test
    void shouldResumeASubscribedGroupFromTheOffsetsItCommitted() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        List<String> first = send(producer, "first", 20);

        DefaultLitePullConsumer consumer = clients.litePullConsumer(group);
        consumer.setAutoCommit(false);
        consumer.subscribe(topic, "*");
        consumer.start();
        assertThat(pollBodies(consumer, first.size())).containsExactlyInAnyOrderElementsOf(first);
        consumer.commitSync();
        consumer.shutdown();

        // Eight sends round-robin over every queue of the topic (it has at most eight), so a queue whose committed
        // offset was lost would hand back old messages before the new ones.
        List<String> second = send(producer, "second", 8);
        DefaultLitePullConsumer successor = clients.litePullConsumer(group);
        successor.setAutoCommit(false);
        successor.subscribe(topic, "*");
        successor.start();

        assertThat(pollBodies(successor, second.size())).containsExactlyInAnyOrderElementsOf(second);
    }

    @Test
    void shouldReadAnAssignedQueueFromWhereItSeeksAndResumeFromTheCommittedOffset() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        MessageQueue queue = null;
        for (int i = 0; i < 10; i++) {
            SendResult sent = sendToFirstQueue(producer, "assigned-" + i);
            assertThat(sent.getQueueOffset()).isEqualTo(i);
            queue = sent.getMessageQueue();
        }

        DefaultLitePullConsumer consumer = clients.litePullConsumer(group);
        consumer.setAutoCommit(false);
        consumer.start();
        consumer.assign(List.of(queue));
        List<MessageExt> fromStart = pollMessages(consumer, 10);
        assertThat(offsetsOf(fromStart)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(fromStart).extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "assigned-" + i).toList());

        MessageQueue assigned = queue;
        seekWithNoPullInFlight(consumer, producer, assigned, () -> consumer.seek(assigned, 6));
        assertThat(offsetsOf(pollMessages(consumer, 5))).containsExactly(6L, 7L, 8L, 9L, 10L);

        seekWithNoPullInFlight(consumer, producer, assigned, () -> consumer.seekToBegin(assigned));
        assertThat(offsetsOf(pollMessages(consumer, 12)))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);

        consumer.commitSync();
        consumer.shutdown();
        sendToFirstQueue(producer, "after-commit");
        DefaultLitePullConsumer successor = clients.litePullConsumer(group);
        successor.setAutoCommit(false);
        successor.start();
        successor.assign(List.of(queue));

        assertThat(offsetsOf(pollMessages(successor, 1))).containsExactly(12L);
    }

    /**
     * Seeks while the queue's pull task is idle. {@code seek} interrupts the task, and if it is blocked in a long
     * poll the 5.3.3 client closes the whole connection, which can fail the pull the seek itself just issued; the
     * task then goes on from its old pull offset and the seek is lost (a client race, whatever the broker). So: wait
     * until the broker holds the task's pull, pause the queue, wake the held pull with one more message and take it,
     * and only then seek and resume.
     */
    private void seekWithNoPullInFlight(DefaultLitePullConsumer consumer, DefaultMQProducer producer,
                                        MessageQueue queue, Seek seek) throws Exception {
        await().atMost(TIMEOUT).until(() -> parkedPulls() == 1);
        consumer.pause(List.of(queue));
        String wakeUp = "wake-up-" + System.nanoTime();
        sendToFirstQueue(producer, wakeUp);
        assertThat(pollMessages(consumer, 1)).extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .containsExactly(wakeUp);
        seek.run();
        consumer.resume(List.of(queue));
    }

    private interface Seek {
        void run() throws Exception;
    }

    private double parkedPulls() {
        return broker.broker().meterRegistry().get("tandem.pulls.parked").gauge().value();
    }

    private SendResult sendToFirstQueue(DefaultMQProducer producer, String body) throws Exception {
        MessageQueueSelector firstQueue = (queues, message, arg) -> queues.getFirst();
        SendResult sent = producer.send(new Message(topic, "assigned", body.getBytes(StandardCharsets.UTF_8)),
                firstQueue, null);
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        return sent;
    }

    private List<String> send(DefaultMQProducer producer, String prefix, int count) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = prefix + "-" + i;
            SendResult sent = producer.send(new Message(topic, prefix, body.getBytes(StandardCharsets.UTF_8)));
            assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            bodies.add(body);
        }
        return bodies;
    }

    private static List<String> pollBodies(DefaultLitePullConsumer consumer, int count) {
        return pollMessages(consumer, count).stream()
                .map(m -> new String(m.getBody(), StandardCharsets.UTF_8)).toList();
    }

    /** Polls until {@code count} messages came, then once more to catch any extra the consumer would hand out. */
    private static List<MessageExt> pollMessages(DefaultLitePullConsumer consumer, int count) {
        List<MessageExt> polled = new ArrayList<>();
        await().atMost(TIMEOUT).until(() -> {
            polled.addAll(consumer.poll(200));
            return polled.size() >= count;
        });
        polled.addAll(consumer.poll(300));
        return polled;
    }

    private static List<Long> offsetsOf(List<MessageExt> messages) {
        return messages.stream().map(MessageExt::getQueueOffset).toList();
    }
}
