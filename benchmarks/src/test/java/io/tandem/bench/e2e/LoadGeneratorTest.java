package io.tandem.bench.e2e;

import io.tandem.bench.e2e.driver.Driver;
import io.tandem.bench.e2e.driver.DriverConsumer;
import io.tandem.bench.e2e.driver.DriverProducer;
import io.tandem.bench.e2e.measure.DeliverySummary;
import io.tandem.bench.e2e.measure.PayloadDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's accounting through a fake broker that loses and repeats chosen messages: the delivery check must
 * find exactly those.
 */
class LoadGeneratorTest {

    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @AfterEach
    void stopCallbacks() throws InterruptedException {
        callbacks.shutdownNow();
        assertThat(callbacks.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldFindEveryMessageTheBrokerLostOrRepeated() throws Exception {
        FakeBroker broker = new FakeBroker(sequence -> sequence % 100 == 7, sequence -> sequence % 50 == 3);

        LoadGenerator.Outcome outcome = generator(workload("sync-1t", 1, 1), broker).run();

        DeliverySummary delivery = outcome.delivery();
        long acknowledged = delivery.acknowledged();
        assertThat(acknowledged).isGreaterThan(1_000);
        assertThat(delivery.lost()).isEqualTo(countBelow(acknowledged, 100, 7));
        assertThat(delivery.duplicates()).isEqualTo(countBelow(acknowledged, 50, 3));
        assertThat(delivery.exactlyOnce()).isFalse();
        assertThat(outcome.messages()).isPositive().isLessThanOrEqualTo(acknowledged);
        assertThat(outcome.publishLatency().count()).isEqualTo(outcome.messages());
    }

    @Test
    void shouldReportExactlyOnceWhenTheBrokerDeliversEverythingOnce() throws Exception {
        FakeBroker broker = new FakeBroker(sequence -> false, sequence -> false);

        LoadGenerator.Outcome outcome = generator(workload("async-1024", 64, 1), broker).run();

        assertThat(outcome.delivery().acknowledged()).isGreaterThan(1_000);
        assertThat(outcome.delivery().exactlyOnce()).isTrue();
        assertThat(outcome.endToEndLatency().count()).isPositive();
        assertThat(outcome.sendErrors()).isZero();
    }

    @Test
    void shouldCountBatchesMessageByMessage() throws Exception {
        FakeBroker broker = new FakeBroker(sequence -> sequence == 40, sequence -> false);

        LoadGenerator.Outcome outcome = generator(workload("batch-32", 1, 32), broker).run();

        assertThat(outcome.delivery().acknowledged() % 32).isZero();
        assertThat(outcome.delivery().lost()).isEqualTo(1);
        assertThat(outcome.messages() % 32).isZero();
    }

    private LoadGenerator generator(Workload workload, FakeBroker broker) {
        return new LoadGenerator(workload, broker, "fake", out, () -> true, Duration.ofMillis(500),
                LoadGenerator.RunListener.NONE);
    }

    private static Workload workload(String name, int inFlight, int batchSize) {
        return new Workload(name, 64, 1, 4, 1, 1, inFlight, batchSize, 0, 1, false, Durability.ASYNC,
                Duration.ofMillis(200), Duration.ofMillis(600));
    }

    /** How many of 0 .. n-1 are {@code remainder} modulo {@code modulus}. */
    private static long countBelow(long n, int modulus, int remainder) {
        return n / modulus + (n % modulus > remainder ? 1 : 0);
    }

    /** Delivers every send to every consumer at once, except the sequences it loses, and twice those it repeats. */
    private final class FakeBroker implements Driver {

        private final LongPredicate lose;
        private final LongPredicate repeat;
        private final List<MessageHandler> consumers = new CopyOnWriteArrayList<>();

        FakeBroker(LongPredicate lose, LongPredicate repeat) {
            this.lose = lose;
            this.repeat = repeat;
        }

        @Override
        public void createTopic(String topic, int queues) {
        }

        @Override
        public DriverProducer createProducer(String name, boolean transactional) {
            return new DriverProducer() {
                @Override
                public void send(String topic, byte[] body) {
                    deliver(body);
                }

                @Override
                public void sendBatch(String topic, List<byte[]> bodies) {
                    bodies.forEach(FakeBroker.this::deliver);
                }

                @Override
                public void sendAsync(String topic, byte[] body, SendCompletion completion) {
                    callbacks.execute(() -> {
                        deliver(body);
                        completion.completed(null);
                    });
                }

                @Override
                public void sendInTransaction(String topic, byte[] body) {
                    deliver(body);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public DriverConsumer createConsumer(String name, String group, List<String> topics,
                                             MessageHandler onMessage) {
            consumers.add(onMessage);
            return () -> consumers.remove(onMessage);
        }

        @Override
        public void close() {
        }

        private void deliver(byte[] body) {
            boolean probe = PayloadDescriptor.stream(body) == PayloadDescriptor.PROBE_STREAM;
            long sequence = PayloadDescriptor.sequence(body);
            if (!probe && lose.test(sequence)) {
                return;
            }
            int times = !probe && repeat.test(sequence) ? 2 : 1;
            for (int i = 0; i < times; i++) {
                consumers.forEach(consumer -> consumer.onMessage(body));
            }
        }
    }
}
