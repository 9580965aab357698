package io.tandem.server.chaos;

import io.tandem.server.compat.RocketMqClients;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The RocketMQ 5.3.3 client's transactional producer across a SIGKILL of the group's leader ({@link ChaosCluster}).
 * Before the kill, four kinds of transactions are begun from several threads: committed and rolled back at once by
 * the local transaction, and left unknown, to be committed or rolled back when the broker checks back. After the kill
 * the leader comes back (static replication: it is restarted on its data), the broker checks the unknown halves
 * back, and the consumer group is drained. Then: every half that was answered, at once or on check, is decided
 * once (committed ones delivered, rolled-back ones never); nothing committed is lost; nothing rolled back is
 * delivered. Duplicates are counted.
 */
class TransactionChaosTest {

    private static final String TOPIC = "chaos-payments";
    private static final int PER_KIND = 40;
    private static final Duration RECOVERY = Duration.ofSeconds(120);

    /** What the local transaction says for a key, by its prefix. */
    private static final List<String> KINDS = List.of("commit", "rollback", "check-commit", "check-rollback");

    @Test
    void halvesStoredBeforeALeaderKillAreDecidedOnceAndOnlyCommittedOnesAreDelivered() throws Exception {
        Optional<String> unavailable = Namespaces.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "fault rounds need network namespaces: " + unavailable.orElse(""));
        Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
        Set<String> halvesStored = ConcurrentHashMap.newKeySet();
        History history = new History();
        ChaosCluster.Mode mode = ChaosCluster.Mode.valueOf(System.getProperty("tandem.chaos.mode", "controlled")
                .toUpperCase(Locale.ROOT));
        try (ChaosCluster cluster = ChaosCluster.start(Path.of("target", "chaos", "transactions")
                .toAbsolutePath(), mode);
             RocketMqClients clients = new RocketMqClients(cluster.nameServerList())) {
            cluster.createTopic(TOPIC, 4);
            for (int m = 1; m <= ChaosCluster.MEMBERS; m++) {
                if (m != cluster.leader(RECOVERY)) {
                    cluster.awaitInSync(m, 0, RECOVERY);
                }
            }
            Consumption consumption = Consumption.start(clients.pushConsumer("chaos-payment-consumers"), TOPIC,
                    history);
            TransactionMQProducer producer = clients.transactionProducer("chaos-payment-producers",
                    new TransactionListener() {
                        @Override
                        public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                            String key = message.getKeys();
                            halvesStored.add(key);
                            if (key.startsWith("commit-")) {
                                return LocalTransactionState.COMMIT_MESSAGE;
                            }
                            return key.startsWith("rollback-") ? LocalTransactionState.ROLLBACK_MESSAGE
                                    : LocalTransactionState.UNKNOW;
                        }

                        @Override
                        public LocalTransactionState checkLocalTransaction(MessageExt message) {
                            String key = message.getKeys();
                            checks.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                            if (key.startsWith("check-commit-")) {
                                return LocalTransactionState.COMMIT_MESSAGE;
                            }
                            return key.startsWith("check-rollback-") ? LocalTransactionState.ROLLBACK_MESSAGE
                                    : LocalTransactionState.UNKNOW;
                        }
                    });
            producer.start();
            DefaultMQProducer markers = clients.producer("chaos-payment-markers");

            List<Thread> senders = new ArrayList<>();
            for (String kind : KINDS) {
                senders.add(Thread.ofPlatform().name("chaos-tx-" + kind).start(() -> {
                    for (int i = 0; i < PER_KIND; i++) {
                        sendInTransaction(producer, kind + "-" + i, history, halvesStored);
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
            int leader = cluster.leader(RECOVERY);
            long[] joins = {0, cluster.inSyncJoins(1), cluster.inSyncJoins(2), cluster.inSyncJoins(3)};
            cluster.member(leader).kill();
            if (cluster.mode() == ChaosCluster.Mode.CONTROLLED) {
                // A failover, not a quick restart: a leader back before its lease lapsed would simply lead on.
                int killed = leader;
                await("a member other than " + killed + " elected leader").atMost(RECOVERY)
                        .until(() -> cluster.leader(RECOVERY) != killed);
            }
            cluster.restartMember(leader);
            if (cluster.mode() == ChaosCluster.Mode.STATIC) {
                cluster.awaitInSync(2, joins[2], RECOVERY);
                cluster.awaitInSync(3, joins[3], RECOVERY);
            } else {
                cluster.awaitInSync(leader, joins[leader], RECOVERY);
            }

            // The unknown halves stored before the kill are checked back after it and decided.
            Predicate<String> pending = key -> key.startsWith("check-");
            await("every unknown half stored before the kill checked back").atMost(RECOVERY)
                    .until(() -> halvesStored.stream().filter(pending).allMatch(checks::containsKey));
            // Committed on check: delivered once the commit is written, which the drain's markers follow.
            try {
                await("every half committed on check delivered").atMost(RECOVERY).until(() -> delivered(history)
                        .containsAll(stored(halvesStored, "check-commit-")));
            } catch (ConditionTimeoutException e) {
                List<String> missing = new ArrayList<>(stored(halvesStored, "check-commit-"));
                missing.removeAll(delivered(history));
                throw new AssertionError("halves committed on check not delivered: " + missing + "; the consumer's"
                        + " queues:" + consumption.describe(), e);
            }
            consumption.drain(markers, TOPIC, history, RECOVERY);
        }

        Set<String> delivered = delivered(history);
        Set<String> committed = ConcurrentHashMap.newKeySet();
        committed.addAll(stored(halvesStored, "commit-"));
        committed.addAll(stored(halvesStored, "check-commit-"));
        Set<String> rolledBack = ConcurrentHashMap.newKeySet();
        rolledBack.addAll(stored(halvesStored, "rollback-"));
        rolledBack.addAll(stored(halvesStored, "check-rollback-"));
        long duplicates = history.deliveries().size() - delivered.size();
        System.out.println("chaos transactions across a leader kill: halves=" + halvesStored.size()
                + " committed=" + committed.size() + " rolledBack=" + rolledBack.size()
                + " checked=" + checks.size() + " duplicates=" + duplicates);

        assertThat(committed).as("committed transactions lost").isSubsetOf(delivered);
        assertThat(delivered).as("rolled-back transactions delivered").doesNotContainAnyElementsOf(rolledBack);
        assertThat(committed).hasSizeGreaterThanOrEqualTo(PER_KIND);
        assertThat(stored(halvesStored, "check-")).as("unknown halves stored before the kill").isNotEmpty();
    }

    /**
     * Sends one transaction as a payment service would: again while its half could not be stored (the group may be
     * failing over, even before the fault, when a leader's lease lapses under load), for up to {@link #RECOVERY}.
     */
    private static void sendInTransaction(TransactionMQProducer producer, String key, History history,
                                          Set<String> halvesStored) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (!halvesStored.contains(key) && System.nanoTime() < deadline) {
            Message message = new Message(TOPIC, key.getBytes(StandardCharsets.UTF_8));
            message.setKeys(key);
            long started = System.nanoTime();
            try {
                TransactionSendResult result = producer.sendMessageInTransaction(message, null);
                if (result.getSendStatus() == SendStatus.SEND_OK) {
                    history.acknowledged(key, started, System.nanoTime(), result.getMsgId());
                } else {
                    history.indeterminate(key, started, System.nanoTime(), result.getSendStatus().toString());
                }
            } catch (Exception e) {
                history.indeterminate(key, started, System.nanoTime(), e.toString());
            }
            if (!halvesStored.contains(key)) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
    }

    private static Set<String> delivered(History history) {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        history.deliveries().forEach(delivery -> keys.add(delivery.key()));
        return keys;
    }

    private static List<String> stored(Collection<String> halves, String prefix) {
        return halves.stream().filter(key -> key.startsWith(prefix)).toList();
    }
}
