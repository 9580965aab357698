package io.tandem.server.compat;

import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.testing.RunningBroker;
import io.tandem.server.txn.CheckBackPolicy;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The unmodified RocketMQ {@link TransactionMQProducer} against the broker's half messages and check-backs. */
class TransactionCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    final RunningBroker broker = RunningBroker.configured(config -> config
            .checkBack(new CheckBackPolicy(Duration.ofMillis(500), Duration.ofMillis(500), 15, EndOfChecks.ROLLBACK)));
    private RocketMqClients clients;
    private final Deliveries deliveries = new Deliveries();
    private final String topic = "compat-tx-" + NAMES.incrementAndGet();
    private final String group = "compat-tx-producers-" + NAMES.get();

    @BeforeEach
    void start() throws Exception {
        clients = new RocketMqClients(broker.nameServerAddress());
        // One queue, so a marker sent after an action is written after everything the action caused.
        DefaultMQProducer creator = clients.producer(group + "-creator");
        creator.createTopic(creator.getCreateTopicKey(), topic, 1, Map.of());
        DefaultMQPushConsumer consumer = clients.pushConsumer(group + "-consumers");
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(deliveries.acknowledging("consumer"));
        consumer.start();
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
    }

    /** A listener answering the local transaction and each check from per-message scripts. */
    private static final class ScriptedListener implements TransactionListener {
        final Map<String, LocalTransactionState> local = new ConcurrentHashMap<>();
        final Map<String, java.util.Deque<LocalTransactionState>> checks = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> checkCounts = new ConcurrentHashMap<>();
        final java.util.Set<String> executed = ConcurrentHashMap.newKeySet();

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            executed.add(body);
            return local.getOrDefault(body, LocalTransactionState.UNKNOW);
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt message) {
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            checkCounts.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
            java.util.Deque<LocalTransactionState> script = checks.get(body);
            LocalTransactionState answer = script == null ? null : script.pollFirst();
            return answer == null ? LocalTransactionState.UNKNOW : answer;
        }
    }

    private TransactionMQProducer producer(ScriptedListener listener) throws Exception {
        TransactionMQProducer producer = clients.transactionProducer(group, listener);
        producer.start();
        return producer;
    }

    @Test
    void shouldDeliverCommittedAndDiscardRolledBackTransactions() throws Exception {
        ScriptedListener listener = new ScriptedListener();
        listener.local.put("commit-me", LocalTransactionState.COMMIT_MESSAGE);
        listener.local.put("roll-me-back", LocalTransactionState.ROLLBACK_MESSAGE);
        TransactionMQProducer producer = producer(listener);

        TransactionSendResult committed = producer.sendMessageInTransaction(message("commit-me"), null);
        TransactionSendResult rolledBack = producer.sendMessageInTransaction(message("roll-me-back"), null);
        assertThat(committed.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(committed.getLocalTransactionState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
        assertThat(rolledBack.getLocalTransactionState()).isEqualTo(LocalTransactionState.ROLLBACK_MESSAGE);

        await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("commit-me"));
        assertOnlyAheadOfAMarker(producer, "commit-me");
        assertThat(deliveries.all().getFirst().message().getMsgId()).isEqualTo(committed.getMsgId());
        assertThat(listener.checkCounts).as("decided transactions are never checked").isEmpty();
    }

    @Test
    void shouldCheckBackAnUnknownTransactionUntilTheProducerCommits() throws Exception {
        ScriptedListener listener = new ScriptedListener();
        listener.checks.put("slow", new java.util.ArrayDeque<>(java.util.List.of(LocalTransactionState.UNKNOW,
                LocalTransactionState.UNKNOW, LocalTransactionState.COMMIT_MESSAGE)));
        TransactionMQProducer producer = producer(listener);

        producer.sendMessageInTransaction(message("slow"), null);
        await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("slow"));
        assertThat(listener.checkCounts.get("slow")).hasValue(3);
        assertOnlyAheadOfAMarker(producer, "slow");
        assertThat(listener.checkCounts.get("slow")).as("no check after the commit").hasValue(3);
    }

    @Test
    void shouldLetAnotherProducerOfTheGroupAnswerWhenTheSenderIsGone() throws Exception {
        ScriptedListener forgetful = new ScriptedListener();
        TransactionMQProducer first = producer(forgetful);
        first.sendMessageInTransaction(message("orphan"), null);
        first.shutdown();

        ScriptedListener successor = new ScriptedListener();
        successor.checks.put("orphan", new java.util.ArrayDeque<>(java.util.List.of(
                LocalTransactionState.COMMIT_MESSAGE)));
        TransactionMQProducer second = producer(successor);
        // The RocketMQ client only learns of (and heartbeats to) brokers of topics it publishes to: a restarted service
        // gets check-backs once it sends again, as with the reference broker.
        second.send(new Message(topic + "-other", "ping".getBytes(StandardCharsets.UTF_8)));
        await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("orphan"));
        assertThat(successor.checkCounts.get("orphan")).hasValue(1);
        assertOnlyAheadOfAMarker(second, "orphan");
    }

    @Test
    void shouldDeliverACommittedTransactionWithADeliveryTimeNotBeforeThatTime() throws Exception {
        ScriptedListener listener = new ScriptedListener();
        listener.local.put("later", LocalTransactionState.COMMIT_MESSAGE);
        TransactionMQProducer producer = producer(listener);
        Message message = message("later");
        long deliverAt = System.currentTimeMillis() + 2_000;
        message.setDeliverTimeMs(deliverAt);
        producer.sendMessageInTransaction(message, null);

        await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("later"));
        long receivedAt = deliveries.all().getFirst().receivedAtMs();
        assertThat(receivedAt).isGreaterThanOrEqualTo(deliverAt);
        assertThat(deliveries.bodies()).containsExactly("later");
    }

    @Test
    void shouldRefuseAHalfWithAnOutOfRangeDeliveryTimeWithTheErrorOfAPlainSend() throws Exception {
        ScriptedListener listener = new ScriptedListener();
        TransactionMQProducer producer = producer(listener);
        DefaultMQProducer plain = clients.producer(group + "-plain");
        List<String> outOfRange = List.of("99999999999999999999",
                Long.toString(System.currentTimeMillis() + Duration.ofDays(4).toMillis()));
        for (String deliverAt : outOfRange) {
            Message asPlain = message("plain-" + deliverAt);
            MessageAccessor.putProperty(asPlain, MessageConst.PROPERTY_TIMER_DELIVER_MS, deliverAt);
            MQBrokerException plainRefusal = catchThrowableOfType(MQBrokerException.class, () -> plain.send(asPlain));
            assertThat(plainRefusal).as("a plain send at %s", deliverAt).isNotNull();
            assertThat(plainRefusal.getResponseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);

            Message half = message("half-" + deliverAt);
            MessageAccessor.putProperty(half, MessageConst.PROPERTY_TIMER_DELIVER_MS, deliverAt);
            listener.local.put("half-" + deliverAt, LocalTransactionState.COMMIT_MESSAGE);
            Throwable halfRefusal = catchThrowable(() -> producer.sendMessageInTransaction(half, null));
            assertThat(halfRefusal).as("a transactional send at %s", deliverAt).isInstanceOf(MQClientException.class)
                    .cause().isInstanceOf(MQBrokerException.class);
            MQBrokerException brokerRefusal = (MQBrokerException) halfRefusal.getCause();
            assertThat(brokerRefusal.getResponseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(brokerRefusal.getErrorMessage()).isEqualTo(plainRefusal.getErrorMessage());
        }
        assertThat(listener.executed).as("no local transaction ran for a refused half").isEmpty();

        listener.local.put("marker", LocalTransactionState.COMMIT_MESSAGE);
        producer.sendMessageInTransaction(message("marker"), null);
        await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("marker"));
        assertThat(deliveries.bodies()).as("nothing but the marker was delivered").containsExactly("marker");
    }

    /** Sends a marker to the topic's only queue and asserts that exactly {@code expected} were written before it. */
    private void assertOnlyAheadOfAMarker(DefaultMQProducer producer, String... expected) throws Exception {
        String marker = "marker-after-" + String.join("-", expected);
        producer.send(message(marker));
        deliveries.assertOnlyAheadOfMarker(marker, TIMEOUT, expected);
    }

    private Message message(String body) {
        Message message = new Message(topic, "TagTx", body.getBytes(StandardCharsets.UTF_8));
        message.setKeys("key-" + body);
        return message;
    }
}
