package io.tandem.client.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.ConsumeResult;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.server.testing.RunningBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures how long the first message of a new topic takes to reach a consumer that subscribed before the topic
 * existed, with the client's default timers (route refresh 30 s, rebalance 20 s): from the send after the topic's
 * creation to the listener call, over several topics, printing each time and the median; once for topics created
 * right after the subscribe and once for topics created a minute and more after it, when quick lookups that kept
 * doubling would have left the client's timers to find them. Slow (a minute and more each),
 * so outside the default run:
 * <pre>{@code
 * ./mvnw -B -ntp -pl mq-client -am test -Pslow -Dtest=FirstDeliveryLatencyTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FirstDeliveryLatencyTest {

    private static final int ROUNDS = 5;
    /** How long after its consumer subscribed the topic of the first late round is created. */
    private static final Duration LATE_TOPIC_DELAY = Duration.ofSeconds(60);
    /**
     * How much later each further late round creates its topic, counted from its consumer's subscribe: the client's
     * timers (route refresh 30 s, rebalance 20 s) count from the subscribe too, and a fixed minute, a multiple of
     * both, would meet them at the same phase in every round.
     */
    private static final Duration LATE_ROUND_SPACING = Duration.ofMillis(4_100);
    /** Between the subscribes of the late rounds. */
    private static final Duration LATE_SUBSCRIBE_SPACING = Duration.ofSeconds(1);

    @TempDir
    Path directory;

    @Test
    void shouldDeliverTheFirstMessageOfANewTopicWithinSecondsOfItsSend() throws Exception {
        List<Long> millis = new ArrayList<>();
        try (RunningBroker broker = RunningBroker.withDefaults().storingIn(directory).start()) {
            ClientConfig defaults = ClientConfig.of(broker.nameServerAddress());
            try (AdminClient admin = AdminClient.start(defaults);
                 Producer producer = Producer.start(defaults, ProducerConfig.of("first-delivery-producer"))) {
                for (int round = 0; round < ROUNDS; round++) {
                    String topic = "FirstDelivery" + round;
                    AtomicLong deliveredNanos = new AtomicLong();
                    try (PushConsumer consumer = PushConsumer.concurrent(defaults,
                            PushConsumerConfig.builder("first-delivery-" + round).consumeFrom(ConsumeFrom.FIRST_OFFSET)
                                    .build(),
                            messages -> {
                                deliveredNanos.compareAndSet(0, System.nanoTime());
                                return ConsumeResult.SUCCESS;
                            }).subscribe(topic, "*")) {
                        consumer.start();
                        admin.createTopic(TopicSettings.of(topic, 4));
                        long sentNanos = System.nanoTime();
                        producer.send(Message.of(topic, "first"));
                        await().atMost(Duration.ofSeconds(90)).until(() -> deliveredNanos.get() != 0);
                        millis.add((deliveredNanos.get() - sentNanos) / 1_000_000);
                    }
                }
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        System.out.println("First delivery after the send of a new topic, ms: " + millis + "; median " + median);
        assertThat(median).isLessThan(5_000);
    }

    @Test
    void shouldDeliverTheFirstMessageOfATopicCreatedAMinuteAfterItsSubscribeWithinSeconds() throws Exception {
        List<Long> millis = new ArrayList<>();
        List<PushConsumer> consumers = new CopyOnWriteArrayList<>();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(ROUNDS);
        try (RunningBroker broker = RunningBroker.withDefaults().storingIn(directory).start()) {
            ClientConfig defaults = ClientConfig.of(broker.nameServerAddress());
            try (AdminClient admin = AdminClient.start(defaults);
                 Producer producer = Producer.start(defaults, ProducerConfig.of("late-topic-producer"))) {
                List<CompletableFuture<Long>> rounds = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    int lateRound = round;
                    String topic = "LateTopic" + round;
                    CompletableFuture<Long> roundMillis = new CompletableFuture<>();
                    rounds.add(roundMillis);
                    scheduler.schedule(() -> {
                        try {
                            AtomicLong deliveredNanos = new AtomicLong();
                            PushConsumer consumer = PushConsumer.concurrent(defaults,
                                    PushConsumerConfig.builder("late-topic-" + topic)
                                            .consumeFrom(ConsumeFrom.FIRST_OFFSET).build(),
                                    messages -> {
                                        deliveredNanos.compareAndSet(0, System.nanoTime());
                                        return ConsumeResult.SUCCESS;
                                    }).subscribe(topic, "*");
                            consumers.add(consumer);
                            consumer.start();
                            scheduler.schedule(() -> {
                                try {
                                    admin.createTopic(TopicSettings.of(topic, 4));
                                    long sentNanos = System.nanoTime();
                                    producer.send(Message.of(topic, "first"));
                                    await().atMost(Duration.ofSeconds(90)).until(() -> deliveredNanos.get() != 0);
                                    roundMillis.complete((deliveredNanos.get() - sentNanos) / 1_000_000);
                                } catch (Throwable e) {
                                    roundMillis.completeExceptionally(e);
                                }
                            }, LATE_TOPIC_DELAY.plus(LATE_ROUND_SPACING.multipliedBy(lateRound)).toMillis(),
                                    TimeUnit.MILLISECONDS);
                        } catch (Throwable e) {
                            roundMillis.completeExceptionally(e);
                        }
                    }, LATE_SUBSCRIBE_SPACING.toMillis() * round, TimeUnit.MILLISECONDS);
                }
                for (CompletableFuture<Long> round : rounds) {
                    millis.add(round.get(5, TimeUnit.MINUTES));
                }
            } finally {
                scheduler.shutdownNow();
                for (PushConsumer consumer : consumers) {
                    consumer.close();
                }
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        System.out.println("First delivery after the send of a topic created " + LATE_TOPIC_DELAY.toSeconds()
                + " s and more after its subscribe, ms: " + millis + "; median " + median);
        assertThat(median).isLessThan(5_000);
    }
}
