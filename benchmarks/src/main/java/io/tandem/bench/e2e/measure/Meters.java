package io.tandem.bench.e2e.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and latency recorders of one run, written concurrently by producer threads, send callbacks and consumer
 * threads. Values count toward the result only inside the measurement window {@code [windowStartNs, windowEndNs)} of
 * {@link System#nanoTime()}: an acknowledgement by when it arrived, an end-to-end latency by when its message was
 * sent. Progress output reads rates of everything, window or not.
 */
public final class Meters {

    /** Latencies up to an hour are tracked, with 3 significant digits. */
    private static final long HIGHEST_TRACKABLE_US = 3_600_000_000L;

    private final long windowStartNs;
    private final long windowEndNs;

    private final Recorder publishLatency = new Recorder(HIGHEST_TRACKABLE_US, 3);
    private final Recorder endToEndLatency = new Recorder(HIGHEST_TRACKABLE_US, 3);
    private final Recorder progressLatency = new Recorder(HIGHEST_TRACKABLE_US, 3);
    private final LongAdder windowMessages = new LongAdder();
    private final LongAdder windowBytes = new LongAdder();
    private final LongAdder windowConsumed = new LongAdder();
    private final LongAdder allAcknowledged = new LongAdder();
    private final LongAdder allConsumed = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();

    public Meters(long windowStartNs, long windowEndNs) {
        if (windowEndNs <= windowStartNs) {
            throw new IllegalArgumentException("the window must end after it starts");
        }
        this.windowStartNs = windowStartNs;
        this.windowEndNs = windowEndNs;
    }

    public long windowStartNs() {
        return windowStartNs;
    }

    public long windowEndNs() {
        return windowEndNs;
    }

    public boolean inWindow(long timeNs) {
        return timeNs - windowStartNs >= 0 && timeNs - windowEndNs < 0;
    }

    /** A send of {@code messages} messages of {@code bytesEach} bytes was acknowledged at {@code ackNs}. */
    public void acknowledged(long sendNs, long ackNs, int messages, int bytesEach) {
        long latencyUs = Math.max(0, (ackNs - sendNs) / 1000);
        allAcknowledged.add(messages);
        progressLatency.recordValue(Math.min(latencyUs, HIGHEST_TRACKABLE_US));
        if (inWindow(ackNs)) {
            publishLatency.recordValue(Math.min(latencyUs, HIGHEST_TRACKABLE_US));
            windowMessages.add(messages);
            windowBytes.add((long) messages * bytesEach);
        }
    }

    public void sendFailed() {
        sendErrors.increment();
    }

    /** A message sent at {@code sendNs} was consumed (for the first time) at {@code consumeNs}. */
    public void consumed(long sendNs, long consumeNs) {
        allConsumed.increment();
        if (inWindow(consumeNs)) {
            windowConsumed.increment();
        }
        if (inWindow(sendNs)) {
            long latencyUs = Math.max(0, (consumeNs - sendNs) / 1000);
            endToEndLatency.recordValue(Math.min(latencyUs, HIGHEST_TRACKABLE_US));
        }
    }

    public long windowMessages() {
        return windowMessages.sum();
    }

    public long windowBytes() {
        return windowBytes.sum();
    }

    public long windowConsumed() {
        return windowConsumed.sum();
    }

    public long allAcknowledged() {
        return allAcknowledged.sum();
    }

    public long allConsumed() {
        return allConsumed.sum();
    }

    public long sendErrors() {
        return sendErrors.sum();
    }

    /** Publish latencies recorded since the previous call, for progress output. */
    public Histogram progressInterval() {
        return progressLatency.getIntervalHistogram();
    }

    /** Every publish latency of the window; call once, at the end. */
    public Histogram publishLatency() {
        return publishLatency.getIntervalHistogram();
    }

    /** Every end-to-end latency of the window; call once, at the end. */
    public Histogram endToEndLatency() {
        return endToEndLatency.getIntervalHistogram();
    }
}
