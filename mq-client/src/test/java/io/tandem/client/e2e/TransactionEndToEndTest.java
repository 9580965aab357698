package io.tandem.client.e2e;

import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.HalfMessage;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;
import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.testing.RunningBroker;
import io.tandem.server.txn.CheckBackPolicy;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Transactional messages against a real broker that checks back after half a second. */
class TransactionEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.configured(config -> config.checkBack(new CheckBackPolicy(
            Duration.ofMillis(500), Duration.ofSeconds(2), 5, EndOfChecks.ROLLBACK)));
    static Producer producer;
    /** What the "database" says about each order; the listener reads it on check-back. */
    static final Map<String, TransactionState> orders = new ConcurrentHashMap<>();
    static final List<String> checkedKeys = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() {
        producer = Producer.startTransactional(clientConfig(broker), ProducerConfig.of("tx-e2e"),
                new TransactionListener() {
                    @Override
                    public TransactionState executeLocal(Message message, Object arg) {
                        TransactionState outcome = (TransactionState) arg;
                        orders.put(message.keys().get(0), outcome == TransactionState.UNKNOWN
                                ? TransactionState.COMMIT : outcome);
                        return outcome;
                    }

                    @Override
                    public TransactionState check(ReceivedMessage message) {
                        checkedKeys.add(message.keys().get(0));
                        return orders.getOrDefault(message.keys().get(0), TransactionState.ROLLBACK);
                    }
                });
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    @Test
    void shouldDeliverCommittedAndCheckedBackMessagesButNoRolledBackOne() {
        String topic = "Transfers";
        TransactionSendResult committed = producer.sendInTransaction(
                Message.builder(topic).body("committed").keys("order-1").build(), TransactionState.COMMIT);
        TransactionSendResult rolledBack = producer.sendInTransaction(
                Message.builder(topic).body("rolled-back").keys("order-2").build(), TransactionState.ROLLBACK);
        TransactionSendResult unknown = producer.sendInTransaction(
                Message.builder(topic).body("checked").keys("order-3").build(), TransactionState.UNKNOWN);
        producer.send(Message.builder(topic).body("marker").keys("marker").build());

        Inbox inbox = new Inbox();
        try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker),
                PushConsumerConfig.builder("transfers").consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox)) {
            consumer.subscribe(topic, "*").start();

            await().atMost(WAIT).until(() -> inbox.bodies().contains("checked"));
            assertThat(checkedKeys).contains("order-3").doesNotContain("order-1", "order-2");
            assertThat(inbox.byBody("committed").messageId()).isEqualTo(committed.sendResult().messageId());
            assertThat(inbox.byBody("checked").messageId()).isEqualTo(unknown.sendResult().messageId());
            // A marker to the rolled-back half's queue: had the half leaked, it would be written there first.
            producer.send(Message.builder(topic).body("marker-2").keys("marker-2").build(),
                    rolledBack.sendResult().queue());
            assertThat(inbox.bodiesAheadOf("marker-2", WAIT)).doesNotContain("rolled-back");
        }
        assertThat(committed.state()).isEqualTo(TransactionState.COMMIT);
        assertThat(rolledBack.state()).isEqualTo(TransactionState.ROLLBACK);
        assertThat(unknown.state()).isEqualTo(TransactionState.UNKNOWN);
        assertThat(inbox.bodies()).containsExactlyInAnyOrder("committed", "checked", "marker", "marker-2");
    }

    @Test
    void shouldDecideHalvesSentAheadOfTheirLocalTransactionAndAnswerChecksOnAtMostCheckThreadsThreads()
            throws Exception {
        String topic = "SplitTransfers";
        AtomicInteger checking = new AtomicInteger();
        AtomicInteger mostChecking = new AtomicInteger();
        List<String> checked = new CopyOnWriteArrayList<>();
        TransactionListener slowChecks = new TransactionListener() {
            @Override
            public TransactionState executeLocal(Message message, Object arg) {
                throw new AssertionError("sendHalf must not run a local transaction");
            }

            @Override
            public TransactionState check(ReceivedMessage message) {
                int now = checking.incrementAndGet();
                mostChecking.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                checking.decrementAndGet();
                checked.add(message.keys().get(0));
                return TransactionState.COMMIT;
            }
        };
        try (Producer split = Producer.startTransactional(clientConfig(broker),
                ProducerConfig.builder("tx-e2e-split").checkThreads(2).build(), slowChecks)) {
            HalfMessage committed = split.sendHalf(Message.builder(topic).body("committed").keys("c").build());
            HalfMessage rolledBack = split.sendHalf(Message.builder(topic).body("rolled-back").keys("r").build());
            List<HalfMessage> undecided = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                undecided.add(split.sendHalf(Message.builder(topic).body("checked-" + i).keys("u" + i).build()));
            }
            split.endTransaction(committed, TransactionState.COMMIT);
            split.endTransaction(rolledBack, TransactionState.ROLLBACK);
            split.endTransaction(undecided.get(0), TransactionState.UNKNOWN);

            Inbox inbox = new Inbox();
            try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker),
                    PushConsumerConfig.builder("split-transfers").consumeFrom(ConsumeFrom.FIRST_OFFSET).build(),
                    inbox)) {
                consumer.subscribe(topic, "*").start();
                await().atMost(WAIT).until(() -> inbox.bodies().size() >= 7);
                // A marker to the rolled-back half's queue: had the half leaked, it would be written there first.
                split.send(Message.builder(topic).body("marker").keys("marker").build(),
                        rolledBack.sendResult().queue());
                assertThat(inbox.bodiesAheadOf("marker", WAIT)).doesNotContain("rolled-back");
            }
            assertThat(inbox.byBody("committed").messageId()).isEqualTo(committed.transactionId());
            assertThat(inbox.bodies()).containsExactlyInAnyOrder("committed", "checked-0", "checked-1", "checked-2",
                    "checked-3", "checked-4", "checked-5", "marker");
            assertThat(checked).contains("u0", "u1", "u2", "u3", "u4", "u5").doesNotContain("c", "r");
            assertThat(mostChecking.get()).as("check-backs answered at once").isEqualTo(2);
        }
    }
}
