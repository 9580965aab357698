package io.tandem.client.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.HalfMessage;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionState;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tandem's client across a failover of its broker group: the leader stops and the replica comes back as the group's
 * leader at another address, with the default 30 s route refresh interval, so that only the client's own reaction to
 * the failure can find the new leader in time.
 */
class FailoverEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverEndToEndTest.class);
    private static final String TOPIC = "Payments";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Well under the route refresh interval: a client that waited for its refresh timer could not make it. */
    private static final Duration LONGEST_GAP = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private FailingOverGroup group;

    @AfterEach
    void stop() {
        if (group != null) {
            group.close();
        }
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    @Test
    void shouldKeepSendingAfterALeaderChangeAndConsumeEveryAcknowledgedMessage() throws Exception {
        group = FailingOverGroup.start(directory);
        ClientConfig client = group.clientConfig();
        try (AdminClient admin = AdminClient.start(client)) {
            admin.createTopic(TopicSettings.of(TOPIC, 4));
        }
        Inbox inbox = new Inbox();
        try (Producer producer = Producer.start(client, ProducerConfig.of("payments-producer"));
             PushConsumer consumer = PushConsumer.concurrent(client, PushConsumerConfig.builder("payments")
                     .consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox)) {
            consumer.subscribe(TOPIC, "*").start();
            SendLoop loop = new SendLoop(body -> producer.send(Message.of(TOPIC, body)).queue().brokerName());
            loop.start();
            await().atMost(WAIT).until(() -> loop.acknowledged().size() >= 100
                    && inbox.bodies().containsAll(loop.acknowledgedSnapshot(50)));
            String oldLeader = group.leaderAddress();

            FailingOverGroup.FailoverTimes times = group.failOver();
            long acknowledgedBefore = loop.acknowledgedCount();
            await().atMost(WAIT).until(() -> loop.acknowledgedAfter(times.leaderStopped()));
            String firstAfter = loop.firstBodyAcknowledgedAfter(times.leaderStopped());
            await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> inbox.bodies().contains(firstAfter));
            long consumedMs = Duration.ofNanos(System.nanoTime() - times.leaderStopped()).toMillis();
            await().atMost(WAIT).until(() -> loop.acknowledgedCount() >= acknowledgedBefore + 100);
            loop.stop();

            Duration gap = loop.firstAcknowledgementAfter(times.leaderStopped());
            LOG.info("Leader stopped -> next acknowledged send: {} ms ({} ms after the successor started); {} sends"
                    + " failed; that message consumed {} ms after the stop", gap.toMillis(),
                    loop.firstAcknowledgementAfter(times.successorStarted()).toMillis(), loop.failures(), consumedMs);
            assertThat(gap).isLessThan(LONGEST_GAP);
            assertThat(group.leaderAddress()).isNotEqualTo(oldLeader);
            await().atMost(WAIT).until(() -> inbox.bodies().containsAll(loop.acknowledged()));
            assertThat(inbox.messages()).extracting(ReceivedMessage::queue)
                    .anyMatch(queue -> queue.brokerName().equals(FailingOverGroup.BROKER_NAME));
        }
    }

    @Test
    void shouldCommitAHalfStoredBeforeTheFailoverOnTheNewLeader() throws Exception {
        group = FailingOverGroup.start(directory);
        ClientConfig client = group.clientConfig();
        try (AdminClient admin = AdminClient.start(client)) {
            admin.createTopic(TopicSettings.of(TOPIC, 4));
        }
        TransactionListener undecidedOnCheck = new TransactionListener() {
            @Override
            public TransactionState executeLocal(Message message, Object arg) {
                throw new AssertionError("sendHalf runs no local transaction");
            }

            @Override
            public TransactionState check(ReceivedMessage message) {
                // Only the END_TRANSACTION under test may commit the half.
                return TransactionState.UNKNOWN;
            }
        };
        Inbox inbox = new Inbox();
        try (Producer producer = Producer.startTransactional(client, ProducerConfig.of("transfers-producer"),
                undecidedOnCheck);
             PushConsumer consumer = PushConsumer.concurrent(client, PushConsumerConfig.builder("transfers")
                     .consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox)) {
            consumer.subscribe(TOPIC, "*").start();
            HalfMessage half = producer.sendHalf(Message.builder(TOPIC).body("transfer-1").keys("t1").build());
            producer.send(Message.of(TOPIC, "before"));
            await().atMost(WAIT).until(() -> inbox.bodies().contains("before"));

            group.failOver();
            producer.endTransaction(half, TransactionState.COMMIT);

            await().atMost(WAIT).until(() -> inbox.bodies().contains("transfer-1"));
            assertThat(inbox.byBody("transfer-1").messageId()).isEqualTo(half.sendResult().messageId());
        }
    }

    /** Sends numbered messages on its own thread until stopped, recording each acknowledged one and when. */
    static final class SendLoop {

        /** Sends one message, returning on acknowledgement and throwing when it was not acknowledged. */
        interface Sender {
            String send(String body) throws Exception;
        }

        /** Pause after a send that failed, so that a client failing fast does not spin. */
        private static final Duration FAILURE_PAUSE = Duration.ofMillis(5);

        private final Sender sender;
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final ConcurrentHashMap<Long, Long> acknowledgedAt = new ConcurrentHashMap<>();
        private final AtomicLong failures = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        SendLoop(Sender sender) {
            this.sender = sender;
        }

        void start() {
            thread = Thread.ofPlatform().name("send-loop").daemon().start(this::run);
        }

        private void run() {
            long number = 0;
            while (running) {
                String body = "message-" + number;
                try {
                    sender.send(body);
                    acknowledged.add(body);
                    acknowledgedAt.put(number, System.nanoTime());
                } catch (Exception e) {
                    // Not acknowledged: the message may or may not be stored, and is sent again under a new body.
                    failures.incrementAndGet();
                    LockSupport.parkNanos(FAILURE_PAUSE.toNanos());
                }
                number++;
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(WAIT.toMillis());
        }

        Set<String> acknowledged() {
            return Set.copyOf(acknowledged);
        }

        long acknowledgedCount() {
            return acknowledged.size();
        }

        /** Up to {@code count} acknowledged bodies. */
        Set<String> acknowledgedSnapshot(int count) {
            return Set.copyOf(acknowledged.stream().limit(count).toList());
        }

        long failures() {
            return failures.get();
        }

        /** Whether a send was acknowledged after {@code sinceNanos}. */
        boolean acknowledgedAfter(long sinceNanos) {
            return acknowledgedAt.values().stream().anyMatch(at -> at > sinceNanos);
        }

        /** The body of the first message acknowledged after {@code sinceNanos}. */
        String firstBodyAcknowledgedAfter(long sinceNanos) {
            return acknowledgedAt.entrySet().stream().filter(entry -> entry.getValue() > sinceNanos)
                    .min(java.util.Map.Entry.comparingByValue()).map(entry -> "message-" + entry.getKey())
                    .orElseThrow(() -> new AssertionError("no send was acknowledged after the leader stopped"));
        }

        /** Time from {@code sinceNanos} to the first acknowledgement after it. */
        Duration firstAcknowledgementAfter(long sinceNanos) {
            long first = acknowledgedAt.values().stream().filter(at -> at > sinceNanos).mapToLong(at -> at).min()
                    .orElseThrow(() -> new AssertionError("no send was acknowledged after the leader stopped"));
            return Duration.ofNanos(first - sinceNanos);
        }
    }
}
