package io.tandem.server.compat;

import io.tandem.server.testing.RunningBroker;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ordered sends (a {@link MessageQueueSelector} keeps each order on one queue) consumed by a
 * {@link MessageListenerOrderly}: every queue is consumed in offset order, also when the listener asks to suspend the
 * queue for a moment.
 */
class OrderlyCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final int ORDERS = 4;
    private static final int STEPS = 10;
    private static final MessageQueueSelector BY_ORDER = (queues, message, order) ->
            queues.get((Integer) order % queues.size());

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private RocketMqClients clients;
    private final String topic = "compat-orderly-" + NAMES.incrementAndGet();
    private final String group = "compat-orderly-group-" + NAMES.get();

    /** One call of the orderly listener with one message, and what the listener answered. */
    private record Attempt(int queueId, long queueOffset, int order, int step, int reconsumeTimes,
                           ConsumeOrderlyStatus status) {
    }

    @BeforeEach
    void createClients() {
        clients = new RocketMqClients(broker.nameServerAddress());
    }

    @AfterEach
    void shutDownClients() throws InterruptedException {
        clients.close();
    }

    @Test
    void shouldConsumeEachOrderInTheSequenceItWasSent() throws Exception {
        Map<Integer, Integer> queueOfOrder = sendOrders();

        Queue<Attempt> attempts = consumeOrderly(attempt -> false);

        await().atMost(TIMEOUT).until(() -> attempts.size() >= ORDERS * STEPS);
        assertPerQueueOrder(List.copyOf(attempts), queueOfOrder);
        assertThat(attempts).allMatch(a -> a.reconsumeTimes() == 0);
    }

    @Test
    void shouldKeepQueueOrderWhenTheListenerSuspendsTheQueue() throws Exception {
        Map<Integer, Integer> queueOfOrder = sendOrders();
        Set<String> suspendedOnce = ConcurrentHashMap.newKeySet();

        Queue<Attempt> attempts = consumeOrderly(
                attempt -> attempt.step() % 3 == 1 && suspendedOnce.add(attempt.order() + "/" + attempt.step()));

        await().atMost(TIMEOUT).until(() -> succeeded(attempts).size() >= ORDERS * STEPS);
        List<Attempt> all = List.copyOf(attempts);
        assertPerQueueOrder(succeeded(all), queueOfOrder);
        List<Attempt> suspensions = all.stream()
                .filter(a -> a.status() == ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT).toList();
        assertThat(suspensions).hasSize(ORDERS * 3);
        for (int queueId : Set.copyOf(queueOfOrder.values())) {
            List<Attempt> ofQueue = all.stream().filter(a -> a.queueId() == queueId).toList();
            for (int i = 0; i < ofQueue.size(); i++) {
                if (ofQueue.get(i).status() == ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT) {
                    Attempt next = ofQueue.get(i + 1);
                    assertThat(next.queueOffset()).as("attempt after a suspension of queue %d", queueId)
                            .isEqualTo(ofQueue.get(i).queueOffset());
                    assertThat(next.reconsumeTimes()).isEqualTo(ofQueue.get(i).reconsumeTimes() + 1);
                }
            }
        }
    }

    /** Sends step 0..9 of every order, interleaved; returns the queue each order went to. */
    private Map<Integer, Integer> sendOrders() throws Exception {
        DefaultMQProducer producer = clients.producer(group + "-producer");
        Map<Integer, Integer> queueOfOrder = new ConcurrentHashMap<>();
        for (int step = 0; step < STEPS; step++) {
            for (int order = 0; order < ORDERS; order++) {
                Message message = new Message(topic, "order-" + order,
                        (order + "/" + step).getBytes(StandardCharsets.UTF_8));
                SendResult sent = producer.send(message, BY_ORDER, order);
                assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                queueOfOrder.putIfAbsent(order, sent.getMessageQueue().getQueueId());
                assertThat(sent.getMessageQueue().getQueueId()).as("queue of order %d", order)
                        .isEqualTo(queueOfOrder.get(order));
            }
        }
        assertThat(Set.copyOf(queueOfOrder.values())).as("orders spread over queues").hasSize(ORDERS);
        return queueOfOrder;
    }

    /** Starts an orderly consumer that suspends the queue when {@code suspend} says so and records every call. */
    private Queue<Attempt> consumeOrderly(Predicate<Attempt> suspend) throws Exception {
        Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        DefaultMQPushConsumer consumer = clients.pushConsumer(group);
        consumer.setSuspendCurrentQueueTimeMillis(100);
        consumer.subscribe(topic, "*");
        // One message per call (the default batch size), so the answer is about that message.
        consumer.setMessageListener((MessageListenerOrderly) (messages, context) -> {
            MessageExt message = messages.getFirst();
            String[] orderAndStep = new String(message.getBody(), StandardCharsets.UTF_8).split("/");
            Attempt attempt = new Attempt(message.getQueueId(), message.getQueueOffset(),
                    Integer.parseInt(orderAndStep[0]), Integer.parseInt(orderAndStep[1]), message.getReconsumeTimes(),
                    ConsumeOrderlyStatus.SUCCESS);
            if (suspend.test(attempt)) {
                attempt = new Attempt(attempt.queueId(), attempt.queueOffset(), attempt.order(), attempt.step(),
                        attempt.reconsumeTimes(), ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT);
            }
            attempts.add(attempt);
            return attempt.status();
        });
        consumer.start();
        return attempts;
    }

    private static List<Attempt> succeeded(Collection<Attempt> attempts) {
        return attempts.stream().filter(a -> a.status() == ConsumeOrderlyStatus.SUCCESS).toList();
    }

    /** Each order arrives step by step from its own queue, each step once, and every queue in offset order. */
    private static void assertPerQueueOrder(List<Attempt> consumed, Map<Integer, Integer> queueOfOrder) {
        assertThat(consumed).hasSize(ORDERS * STEPS);
        Map<Integer, List<Attempt>> byOrder = consumed.stream().collect(Collectors.groupingBy(Attempt::order));
        List<Integer> allSteps = IntStream.range(0, STEPS).boxed().toList();
        for (int order = 0; order < ORDERS; order++) {
            List<Attempt> ofOrder = byOrder.get(order);
            assertThat(ofOrder).extracting(Attempt::step).as("steps of order %d", order)
                    .containsExactlyElementsOf(allSteps);
            assertThat(ofOrder).extracting(Attempt::queueId).as("queues of order %d", order)
                    .containsOnly(queueOfOrder.get(order));
            assertThat(ofOrder).extracting(Attempt::queueOffset).as("offsets of order %d", order).isSorted()
                    .doesNotHaveDuplicates();
        }
    }
}
