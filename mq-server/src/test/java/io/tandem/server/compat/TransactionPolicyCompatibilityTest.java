package io.tandem.server.compat;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.body.HalfMessageList;
import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.server.txn.CheckBackPolicy;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The RocketMQ {@link TransactionMQProducer} against the broker's end-of-checks policies and a broker restart with
 * a pending half.
 */
class TransactionPolicyCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dataDirectory;

    /** Answers UNKNOWN to everything until told otherwise. */
    private static final class Undecided implements TransactionListener {
        final AtomicReference<LocalTransactionState> checkAnswer = new AtomicReference<>(LocalTransactionState.UNKNOW);

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
            return LocalTransactionState.UNKNOW;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt message) {
            return checkAnswer.get();
        }
    }

    private Broker start(EndOfChecks endOfChecks) throws Exception {
        return Broker.start(BrokerConfig.builder(dataDirectory).randomPorts()
                .checkBack(new CheckBackPolicy(Duration.ofMillis(300), Duration.ofMillis(300), 2, endOfChecks))
                .build());
    }

    @Test
    void shouldRollBackWhenChecksRunOutUnderTheRollbackPolicy() throws Exception {
        runOutOfChecks(EndOfChecks.ROLLBACK);
    }

    @Test
    void shouldCommitOnceWhenChecksRunOutUnderTheCommitPolicy() throws Exception {
        runOutOfChecks(EndOfChecks.COMMIT, "undecided");
    }

    @Test
    void shouldKeepAParkedHalfUndecidedAndVisible() throws Exception {
        try (Broker broker = start(EndOfChecks.PARK);
             RocketMqClients clients = new RocketMqClients(broker.nameServerAddress())) {
            oneQueue(clients, "park-topic");
            Deliveries deliveries = consume(clients, "park-topic");
            TransactionMQProducer producer = clients.transactionProducer("park-producers", new Undecided());
            producer.start();
            producer.sendMessageInTransaction(new Message("park-topic", "undecided".getBytes(StandardCharsets.UTF_8)),
                    null);
            try (RawClient admin = new RawClient(broker.brokerAddress())) {
                await().atMost(TIMEOUT).until(() -> halves(admin).halves().stream()
                        .anyMatch(HalfMessageList.Half::parked));
            }
            producer.send(new Message("park-topic", "marker".getBytes(StandardCharsets.UTF_8)));
            deliveries.assertOnlyAheadOfMarker("marker", TIMEOUT);
        }
    }

    @Test
    void shouldResolveAPendingHalfAfterABrokerRestartAndDeliverItOnce() throws Exception {
        CheckBackPolicy patient = new CheckBackPolicy(Duration.ofMillis(300), Duration.ofMillis(300), 1_000,
                EndOfChecks.ROLLBACK);
        try (Broker broker = Broker.start(BrokerConfig.builder(dataDirectory).randomPorts().checkBack(patient)
                .build());
             RocketMqClients clients = new RocketMqClients(broker.nameServerAddress())) {
            oneQueue(clients, "restart-topic");
            TransactionMQProducer producer = clients.transactionProducer("restart-producers", new Undecided());
            producer.start();
            producer.sendMessageInTransaction(new Message("restart-topic", "pending".getBytes(StandardCharsets.UTF_8)),
                    null);
        }
        try (Broker broker = Broker.start(BrokerConfig.builder(dataDirectory).randomPorts().checkBack(patient)
                .build());
             RocketMqClients clients = new RocketMqClients(broker.nameServerAddress())) {
            Deliveries deliveries = consume(clients, "restart-topic");
            Undecided committing = new Undecided();
            committing.checkAnswer.set(LocalTransactionState.COMMIT_MESSAGE);
            TransactionMQProducer producer = clients.transactionProducer("restart-producers", committing);
            producer.start();
            producer.send(new Message("restart-warmup", "ping".getBytes(StandardCharsets.UTF_8)));
            await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("pending"));
            producer.send(new Message("restart-topic", "marker".getBytes(StandardCharsets.UTF_8)));
            deliveries.assertOnlyAheadOfMarker("marker", TIMEOUT, "pending");
        }
    }

    /** Lets a half run out of checks under {@code policy}, then asserts that exactly {@code expected} was delivered. */
    private void runOutOfChecks(EndOfChecks policy, String... expected) throws Exception {
        try (Broker broker = start(policy);
             RocketMqClients clients = new RocketMqClients(broker.nameServerAddress())) {
            oneQueue(clients, "policy-topic");
            Deliveries deliveries = consume(clients, "policy-topic");
            TransactionMQProducer producer = clients.transactionProducer("policy-producers", new Undecided());
            producer.start();
            producer.sendMessageInTransaction(new Message("policy-topic", "undecided".getBytes(StandardCharsets.UTF_8)),
                    null);
            try (RawClient admin = new RawClient(broker.brokerAddress())) {
                await().atMost(TIMEOUT).until(() -> halves(admin).halves().isEmpty());
            }
            producer.send(new Message("policy-topic", "marker".getBytes(StandardCharsets.UTF_8)));
            deliveries.assertOnlyAheadOfMarker("marker", TIMEOUT, expected);
        }
    }

    /** Creates the topic with one queue, so a marker sent after an action is written after all the action caused. */
    private static void oneQueue(RocketMqClients clients, String topic) throws Exception {
        DefaultMQProducer creator = clients.producer(topic + "-creator");
        creator.createTopic(creator.getCreateTopicKey(), topic, 1, java.util.Map.of());
    }

    private static Deliveries consume(RocketMqClients clients, String topic) throws Exception {
        Deliveries deliveries = new Deliveries();
        DefaultMQPushConsumer consumer = clients.pushConsumer(topic + "-consumers");
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(deliveries.acknowledging("consumer"));
        consumer.start();
        return deliveries;
    }

    private static HalfMessageList halves(RawClient admin) throws Exception {
        RemotingCommand answer = admin.call(RemotingCommand.request(RequestCode.TANDEM_LIST_HALVES));
        return HalfMessageList.fromJson(answer.body());
    }
}
