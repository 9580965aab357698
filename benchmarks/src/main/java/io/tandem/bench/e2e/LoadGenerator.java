package io.tandem.bench.e2e;

import io.tandem.bench.e2e.driver.Driver;
import io.tandem.bench.e2e.driver.DriverConsumer;
import io.tandem.bench.e2e.driver.DriverProducer;
import io.tandem.bench.e2e.measure.DeliveryLog;
import io.tandem.bench.e2e.measure.DeliverySummary;
import io.tandem.bench.e2e.measure.LatencySummary;
import io.tandem.bench.e2e.measure.Meters;
import io.tandem.bench.e2e.measure.PayloadDescriptor;
import io.tandem.bench.e2e.report.Format;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Puts one {@link Workload} on a broker through a {@link Driver}: creates the topics, starts the consumers, checks
 * with probe messages that a message sent now is consumed, sends for the warm-up and the measurement, stops the
 * producers, waits for the consumers to receive every acknowledged message (or to stop making progress), and
 * reports throughput, latencies and the delivery check.
 *
 * <p>Each producer thread numbers its messages 0, 1, 2, ... ({@link PayloadDescriptor}); the {@link DeliveryLog}
 * matches what was acknowledged with what was consumed.
 */
final class LoadGenerator {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Draining stops when nothing new was consumed for this long, or after {@link #DRAIN_LIMIT} in all. */
    static final Duration DRAIN_IDLE = Duration.ofSeconds(15);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** How long before the measurement window {@link RunListener#beforeMeasurement()} is called. */
    private static final Duration LISTENER_LEAD = Duration.ofSeconds(1);
    private static final int ERROR_SAMPLES = 5;
    private static final String GROUP = "bench-consumers";

    private final Workload workload;
    private final Driver driver;
    private final String label;
    private final PrintStream out;
    private final BooleanSupplier brokerAlive;
    private final Duration drainIdle;
    private final RunListener listener;
    private final Queue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errorSampleCount = new AtomicInteger();

    LoadGenerator(Workload workload, Driver driver, String label, PrintStream out, BooleanSupplier brokerAlive,
                  RunListener listener) {
        this(workload, driver, label, out, brokerAlive, DRAIN_IDLE, listener);
    }

    /** @param drainIdle how long draining waits for a consumer that receives nothing new */
    LoadGenerator(Workload workload, Driver driver, String label, PrintStream out, BooleanSupplier brokerAlive,
                  Duration drainIdle, RunListener listener) {
        this.workload = workload;
        this.driver = driver;
        this.label = label;
        this.out = out;
        this.brokerAlive = brokerAlive;
        this.drainIdle = drainIdle;
        this.listener = listener;
    }

    /** Told where the run is, e.g. to record a profile of the measurement or to wait for another process. */
    interface RunListener {

        RunListener NONE = new RunListener() {
        };

        /** Called when setup is done (the probes came through), before the warm-up starts. */
        default void beforeWarmup() throws Exception {
        }

        /** Called on the progress thread about a second before the window opens (at once if the warm-up is shorter). */
        default void beforeMeasurement() throws Exception {
        }

        /** Called when the window closed, before the producers stop; not called if the run failed before. */
        default void afterMeasurement() {
        }
    }

    /**
     * What one run measured.
     *
     * @param setupSeconds from the first topic creation until a probe message came through
     * @param drainSeconds from the end of sending until the consumers had everything (or stopped making progress)
     */
    record Outcome(double measuredSeconds, long messages, long bytes, LatencySummary publishLatency,
                   LatencySummary endToEndLatency, long consumedInWindow, long sendErrors, List<String> errorSamples,
                   DeliverySummary delivery, double setupSeconds, double drainSeconds) {
    }

    Outcome run() throws Exception {
        long setupStart = System.nanoTime();
        String runTag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < workload.topics(); i++) {
            String topic = "bench-" + workload.name() + "-" + runTag + "-" + i;
            driver.createTopic(topic, workload.queuesPerTopic());
            topics.add(topic);
        }

        DeliveryLog log = new DeliveryLog(workload.producerThreads());
        AtomicIntegerArray probesSeen = new AtomicIntegerArray(workload.topics());
        // The window is fixed once setup is done; until then nothing is sent but probes.
        AtomicReference<Meters> meters = new AtomicReference<>();
        Driver.MessageHandler handler = body -> {
            long now = System.nanoTime();
            if (!PayloadDescriptor.isBenchmarkBody(body)) {
                log.consumed(-1, -1);
                return;
            }
            int stream = PayloadDescriptor.stream(body);
            if (stream == PayloadDescriptor.PROBE_STREAM) {
                int topicIndex = (int) PayloadDescriptor.sequence(body);
                if (topicIndex >= 0 && topicIndex < probesSeen.length()) {
                    probesSeen.incrementAndGet(topicIndex);
                }
                return;
            }
            Meters window = meters.get();
            if (log.consumed(stream, PayloadDescriptor.sequence(body)) && window != null) {
                window.consumed(PayloadDescriptor.sendTimeNs(body), now);
            }
        };

        List<DriverConsumer> consumers = new ArrayList<>();
        List<DriverProducer> producers = new ArrayList<>();
        List<Sender> senders = new ArrayList<>();
        try {
            for (int i = 0; i < workload.consumers(); i++) {
                consumers.add(driver.createConsumer("bench-consumer-" + runTag + "-" + i, GROUP, topics, handler));
            }
            for (int i = 0; i < workload.producers(); i++) {
                producers.add(driver.createProducer("bench-producer-" + runTag + "-" + i, workload.transactional()));
            }
            byte[] template = PayloadDescriptor.template(workload.messageSize());
            awaitProbes(producers.getFirst(), topics, template, probesSeen);
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            listener.beforeWarmup();

            long start = System.nanoTime();
            Meters window = new Meters(start + workload.warmup().toNanos(),
                    start + workload.warmup().toNanos() + workload.duration().toNanos());
            meters.set(window);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < workload.producerThreads(); i++) {
                Sender sender = new Sender(i, producers.get(i % producers.size()), topics.get(i % topics.size()),
                        template, log, window, start);
                senders.add(sender);
                threads.add(Thread.ofPlatform().name("bench-sender-" + i).start(sender));
            }
            reportProgressUntil(window.windowEndNs(), start, window);
            listener.afterMeasurement();
            for (Sender sender : senders) {
                sender.stop();
            }
            for (Thread thread : threads) {
                thread.join(Driver.SEND_TIMEOUT.toMillis() + 30_000);
            }
            for (Sender sender : senders) {
                sender.awaitOutstanding();
            }
            long drainStart = System.nanoTime();
            drain(log, window);
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;

            Histogram publish = window.publishLatency();
            Histogram endToEnd = window.endToEndLatency();
            return new Outcome(workload.duration().toNanos() / 1e9, window.windowMessages(), window.windowBytes(),
                    LatencySummary.of(publish), LatencySummary.of(endToEnd), window.windowConsumed(),
                    window.sendErrors(), List.copyOf(errorSamples), log.summary(), setupSeconds, drainSeconds);
        } finally {
            senders.forEach(Sender::stop);
            for (DriverProducer producer : producers) {
                closeQuietly(producer);
            }
            for (DriverConsumer consumer : consumers) {
                closeQuietly(consumer);
            }
        }
    }

    /** Sends a probe to every topic, again each second, until each topic's probe was consumed. */
    private void awaitProbes(DriverProducer producer, List<String> topics, byte[] template,
                             AtomicIntegerArray probesSeen) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception lastFailure = null;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < topics.size(); i++) {
                if (probesSeen.get(i) == 0) {
                    try {
                        producer.send(topics.get(i), PayloadDescriptor.newBody(template, PayloadDescriptor.PROBE_STREAM,
                                i, System.nanoTime()));
                    } catch (Exception e) {
                        lastFailure = e;
                    }
                }
            }
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < waitUntil) {
                if (allSeen(probesSeen)) {
                    if (workload.consumers() > 1) {
                        // Members that joined later take queues over from earlier ones; let the group settle.
                        Thread.sleep(3_000);
                    }
                    return;
                }
                Thread.sleep(20);
            }
        }
        IllegalStateException failure = new IllegalStateException("no probe message came through every topic within "
                + READY_TIMEOUT.toSeconds() + " s");
        if (lastFailure != null) {
            failure.initCause(lastFailure);
        }
        throw failure;
    }

    private static boolean allSeen(AtomicIntegerArray probesSeen) {
        for (int i = 0; i < probesSeen.length(); i++) {
            if (probesSeen.get(i) == 0) {
                return false;
            }
        }
        return true;
    }

    private void reportProgressUntil(long endNs, long startNs, Meters meters) throws Exception {
        Progress progress = new Progress(out, label + " " + workload.id());
        long previousAcknowledged = 0;
        long previousConsumed = 0;
        long previousNs = startNs;
        long listenerNs = meters.windowStartNs() - LISTENER_LEAD.toNanos();
        boolean listenerCalled = false;
        while (System.nanoTime() - endNs < 0) {
            long sleepNs = Math.min(PROGRESS_INTERVAL.toNanos(), endNs - System.nanoTime());
            if (!listenerCalled) {
                sleepNs = Math.min(sleepNs, listenerNs - System.nanoTime());
            }
            if (sleepNs > 0) {
                TimeUnit.NANOSECONDS.sleep(sleepNs);
            }
            if (!listenerCalled && System.nanoTime() - listenerNs >= 0) {
                listenerCalled = true;
                listener.beforeMeasurement();
                continue;
            }
            long now = System.nanoTime();
            long acknowledged = meters.allAcknowledged();
            long consumed = meters.allConsumed();
            double seconds = Math.max(1e-9, (now - previousNs) / 1e9);
            Histogram interval = meters.progressInterval();
            String phase = now - meters.windowStartNs() < 0 ? "warm-up" : "measure";
            double elapsed = (now - startNs) / 1e9;
            double total = (endNs - startNs) / 1e9;
            progress.update(String.format(Locale.ROOT,
                    "%-7s %3.0f/%.0f s | sent %,9.0f msg/s %6.1f MB/s p99 %8s | consumed %,9.0f msg/s | "
                            + "backlog %,8d | errors %d",
                    phase, elapsed, total, (acknowledged - previousAcknowledged) / seconds,
                    (acknowledged - previousAcknowledged) * (double) workload.messageSize() / seconds / 1e6,
                    Format.micros(interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99)),
                    (consumed - previousConsumed) / seconds, Math.max(0, acknowledged - consumed), meters.sendErrors()));
            previousAcknowledged = acknowledged;
            previousConsumed = consumed;
            previousNs = now;
            if (!brokerAlive.getAsBoolean()) {
                progress.finish();
                throw new IllegalStateException("the broker exited during the run");
            }
        }
        progress.finish();
    }

    /** Waits until every acknowledged message was consumed, or nothing new arrives for {@code drainIdle}. */
    private void drain(DeliveryLog log, Meters meters) throws InterruptedException {
        long start = System.nanoTime();
        long lastProgressNs = start;
        long lastConsumed = meters.allConsumed();
        while (log.outstanding() > 0) {
            long now = System.nanoTime();
            long consumed = meters.allConsumed();
            if (consumed != lastConsumed) {
                lastConsumed = consumed;
                lastProgressNs = now;
            }
            if (now - lastProgressNs > drainIdle.toNanos() || now - start > DRAIN_LIMIT.toNanos()) {
                return;
            }
            Thread.sleep(100);
        }
        // Deliveries that repeat a message usually come right after it; give late duplicates a moment to show.
        Thread.sleep(500);
    }

    private void recordError(Throwable failure) {
        if (errorSampleCount.incrementAndGet() <= ERROR_SAMPLES) {
            errorSamples.add(failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("closing " + closeable + " failed: " + e);
        }
    }

    /** One producer thread's loop: sends its own numbered messages until stopped. */
    private final class Sender implements Runnable {

        private final int stream;
        private final DriverProducer producer;
        private final String topic;
        private final byte[] template;
        private final DeliveryLog log;
        private final Meters meters;
        private final Semaphore inFlight;
        private final long intervalNs;
        private long nextSendNs;
        private long nextSequence;
        private volatile boolean stopped;

        Sender(int stream, DriverProducer producer, String topic, byte[] template, DeliveryLog log, Meters meters,
               long startNs) {
            this.stream = stream;
            this.producer = producer;
            this.topic = topic;
            this.template = template;
            this.log = log;
            this.meters = meters;
            this.inFlight = new Semaphore(workload.inFlight());
            double perThreadRate = workload.targetRate() / (double) workload.producerThreads();
            this.intervalNs = workload.targetRate() == 0 ? 0 : (long) (1e9 / perThreadRate) * workload.batchSize();
            this.nextSendNs = startNs;
        }

        void stop() {
            stopped = true;
        }

        /** Waits for the callbacks of sends still in flight. */
        void awaitOutstanding() throws InterruptedException {
            if (workload.inFlight() > 1) {
                inFlight.tryAcquire(workload.inFlight(), Driver.SEND_TIMEOUT.toMillis() + 30_000,
                        TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void run() {
            while (!stopped) {
                pace();
                try {
                    if (workload.inFlight() > 1) {
                        sendAsync();
                    } else if (workload.batchSize() > 1) {
                        sendBatch();
                    } else {
                        sendOne();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void pace() {
            if (intervalNs == 0) {
                return;
            }
            long now = System.nanoTime();
            if (now - nextSendNs > TimeUnit.SECONDS.toNanos(1)) {
                nextSendNs = now;
            }
            while (nextSendNs - System.nanoTime() > 0 && !stopped) {
                LockSupport.parkNanos(nextSendNs - System.nanoTime());
            }
            nextSendNs += intervalNs;
        }

        private void sendOne() throws InterruptedException {
            long sequence = nextSequence++;
            long sendNs = System.nanoTime();
            byte[] body = PayloadDescriptor.newBody(template, stream, sequence, sendNs);
            try {
                if (workload.transactional()) {
                    producer.sendInTransaction(topic, body);
                } else {
                    producer.send(topic, body);
                }
                log.acknowledged(stream, sequence);
                meters.acknowledged(sendNs, System.nanoTime(), 1, body.length);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failed(e);
            }
        }

        private void sendBatch() throws InterruptedException {
            long first = nextSequence;
            nextSequence += workload.batchSize();
            long sendNs = System.nanoTime();
            List<byte[]> bodies = new ArrayList<>(workload.batchSize());
            for (int i = 0; i < workload.batchSize(); i++) {
                bodies.add(PayloadDescriptor.newBody(template, stream, first + i, sendNs));
            }
            try {
                producer.sendBatch(topic, bodies);
                log.acknowledged(stream, first, bodies.size());
                meters.acknowledged(sendNs, System.nanoTime(), bodies.size(), template.length);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failed(e);
            }
        }

        private void sendAsync() throws InterruptedException {
            while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    return;
                }
            }
            long sequence = nextSequence++;
            long sendNs = System.nanoTime();
            byte[] body = PayloadDescriptor.newBody(template, stream, sequence, sendNs);
            producer.sendAsync(topic, body, failure -> {
                try {
                    if (failure == null) {
                        log.acknowledged(stream, sequence);
                        meters.acknowledged(sendNs, System.nanoTime(), 1, body.length);
                    } else {
                        meters.sendFailed();
                        recordError(failure);
                    }
                } finally {
                    inFlight.release();
                }
            });
        }

        private void failed(Exception e) throws InterruptedException {
            meters.sendFailed();
            recordError(e);
            // A broker that refuses everything must not turn this loop into a busy spin.
            Thread.sleep(10);
        }
    }
}
