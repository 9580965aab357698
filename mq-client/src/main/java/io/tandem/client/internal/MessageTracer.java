package io.tandem.client.internal;

import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.trace.TraceCodec;
import io.tandem.protocol.trace.TraceDescriptor;
import io.tandem.protocol.trace.TraceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the message trace records of one client object to its trace topic, as RocketMQ's clients with message trace
 * on do: records are queued by the send and consume paths ({@link #record}, which never waits), and a thread of the
 * tracer's own batches them into trace messages (up to {@value #MAX_RECORDS_PER_MESSAGE} records or
 * {@value #MAX_BODY_BYTES} bytes each) and sends them asynchronously under the producer group
 * {@code _INNER_TRACE_PRODUCER-<trace topic>}. A trace message's KEYS are the message ids and keys of its records,
 * so the broker's index finds them by message id ({@code mqadmin queryMsgTraceById}) and by key.
 *
 * <p>Design note: tracing must not slow the traced sends down or hold up a consumer, so a full queue (the trace
 * topic cannot keep up, or no broker takes it) drops records and counts them ({@link #dropped()}); a trace message
 * that fails to send is counted the same way and never retried beyond the asynchronous send's own retries.
 *
 * <p>Thread-safe. {@link #close()} sends what is queued (waiting at most {@link #CLOSE_TIMEOUT}) and stops the thread.
 */
public final class MessageTracer implements AutoCloseable {

    /** The region RocketMQ's clients write when a message names none (MSG_REGION). */
    public static final String DEFAULT_REGION = "DefaultRegion";
    /** How long {@link #close()} waits for queued records to be sent. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(MessageTracer.class);
    private static final String GROUP_PREFIX = "_INNER_TRACE_PRODUCER-";
    private static final int QUEUE_CAPACITY = 16_384;
    private static final int MAX_RECORDS_PER_MESSAGE = 100;
    private static final int MAX_BODY_BYTES = 128_000;
    private static final int MAX_IN_FLIGHT = 16;
    private static final long POLL_MS = 50;
    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

    private final String traceTopic;
    private final MessageSender sender;
    private final BlockingQueue<TraceRecord> pending = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sentMessages = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    MessageTracer(ClientInstance instance, String traceTopic) {
        this.traceTopic = traceTopic;
        this.sender = MessageSender.untraced(instance, GROUP_PREFIX + traceTopic, SendSettings.DEFAULTS);
        this.thread = new Thread(this::run, "tandem-trace-" + THREAD_COUNTER.incrementAndGet());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The topic this tracer writes to. */
    public String traceTopic() {
        return traceTopic;
    }

    /** Queues {@code record} to be sent; drops (and counts) it when the queue is full or the tracer is closed. */
    public void record(TraceRecord record) {
        if (!running || !pending.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Records dropped since the start: queue full, closed, or their trace message was not stored. */
    public long dropped() {
        return dropped.get();
    }

    /** Trace messages the broker stored since the start. */
    public long sentMessages() {
        return sentMessages.get();
    }

    /** The region a record about a message is written with: the message's MSG_REGION, else the default. */
    public static String region(Map<String, String> properties) {
        String region = properties.get(PropertyKeys.MSG_REGION);
        return region == null || region.isEmpty() ? DEFAULT_REGION : region;
    }

    /** Whether the message asks not to be traced (TRACE_ON=false, set by brokers with trace off). */
    public static boolean switchedOff(Map<String, String> properties) {
        return "false".equals(properties.get(PropertyKeys.TRACE_ON));
    }

    private void run() {
        List<TraceRecord> batch = new ArrayList<>(MAX_RECORDS_PER_MESSAGE);
        while (running || !pending.isEmpty()) {
            try {
                TraceRecord first = pending.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_RECORDS_PER_MESSAGE - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                dropped.addAndGet(batch.size());
                LOG.warn("Message trace: {} records lost: {}", batch.size(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    /** Sends {@code batch} as one or more trace messages, splitting where one would grow too large. */
    private void send(List<TraceRecord> batch) throws InterruptedException {
        StringBuilder body = new StringBuilder();
        Set<String> keys = new LinkedHashSet<>();
        int records = 0;
        for (TraceRecord record : batch) {
            String data;
            try {
                data = TraceCodec.encode(List.of(record));
            } catch (IllegalArgumentException e) {
                dropped.incrementAndGet();
                LOG.debug("Message trace: record of {} not written: {}", record.msgId(), e.getMessage());
                continue;
            }
            if (records > 0 && body.length() + data.length() > MAX_BODY_BYTES) {
                sendOne(body.toString(), keys, records);
                body.setLength(0);
                keys = new LinkedHashSet<>();
                records = 0;
            }
            body.append(data);
            keys.addAll(record.indexKeys());
            records++;
        }
        if (records > 0) {
            sendOne(body.toString(), keys, records);
        }
    }

    private void sendOne(String body, Set<String> keys, int records) throws InterruptedException {
        inFlight.acquire();
        MessageSender.Prepared prepared;
        try {
            prepared = sender.prepare(traceTopic, body.getBytes(StandardCharsets.UTF_8), 0,
                    keys.isEmpty() ? Map.of() : Map.of(PropertyKeys.KEYS,
                            String.join(TraceDescriptor.KEY_SEPARATOR, keys)));
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        sender.sendAsync(prepared).whenComplete((result, failure) -> {
            inFlight.release();
            if (failure == null) {
                sentMessages.incrementAndGet();
            } else {
                dropped.addAndGet(records);
                LOG.debug("Message trace: a trace message of {} records was not stored in {}: {}", records,
                        traceTopic, failure.toString());
            }
        });
    }

    /** Sends what is queued, waiting up to {@link #CLOSE_TIMEOUT}, then stops. Idempotent. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
            if (inFlight.tryAcquire(MAX_IN_FLIGHT, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                inFlight.release(MAX_IN_FLIGHT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        int left = pending.size();
        if (left > 0) {
            dropped.addAndGet(left);
            pending.clear();
        }
    }
}
