package io.tandem.bench.e2e.measure;

import java.util.BitSet;

/**
 * Which messages the brokers acknowledged and which the consumers received, by stream (one per producer thread) and
 * sequence number, so that a run can tell how many acknowledged messages were never consumed (lost) and how many
 * deliveries repeated a message already consumed (duplicates). Both must be zero for a run to count.
 *
 * <p>Thread-safe: producer threads, send callbacks and consumer threads record concurrently; each stream has its own
 * lock, so contention is limited to the threads of one stream.
 */
public final class DeliveryLog {

    private final Stream[] streams;
    private final Object foreignLock = new Object();
    private long foreign;

    public DeliveryLog(int streamCount) {
        if (streamCount < 1) {
            throw new IllegalArgumentException("streamCount must be at least 1, was " + streamCount);
        }
        streams = new Stream[streamCount];
        for (int i = 0; i < streamCount; i++) {
            streams[i] = new Stream();
        }
    }

    /** The broker acknowledged {@code count} messages of {@code stream} from {@code firstSequence} on. */
    public void acknowledged(int stream, long firstSequence, int count) {
        Stream s = streams[stream];
        synchronized (s) {
            for (int i = 0; i < count; i++) {
                int bit = index(firstSequence + i);
                if (!s.acknowledged.get(bit)) {
                    s.acknowledged.set(bit);
                    s.acknowledgedCount++;
                }
            }
        }
    }

    public void acknowledged(int stream, long sequence) {
        acknowledged(stream, sequence, 1);
    }

    /**
     * A consumer received a message.
     *
     * @return whether it was the first delivery of that message
     */
    public boolean consumed(int stream, long sequence) {
        if (stream < 0 || stream >= streams.length || sequence < 0 || sequence > Integer.MAX_VALUE) {
            synchronized (foreignLock) {
                foreign++;
            }
            return false;
        }
        Stream s = streams[stream];
        synchronized (s) {
            int bit = (int) sequence;
            if (s.consumed.get(bit)) {
                s.duplicates++;
                return false;
            }
            s.consumed.set(bit);
            s.consumedCount++;
            return true;
        }
    }

    /** Acknowledged messages not consumed yet: what a draining run still waits for. */
    public long outstanding() {
        long outstanding = 0;
        for (Stream s : streams) {
            synchronized (s) {
                BitSet missing = (BitSet) s.acknowledged.clone();
                missing.andNot(s.consumed);
                outstanding += missing.cardinality();
            }
        }
        return outstanding;
    }

    public DeliverySummary summary() {
        long acknowledged = 0;
        long consumed = 0;
        long lost = 0;
        long duplicates = 0;
        long unacknowledgedConsumed = 0;
        for (Stream s : streams) {
            synchronized (s) {
                acknowledged += s.acknowledgedCount;
                consumed += s.consumedCount;
                duplicates += s.duplicates;
                BitSet missing = (BitSet) s.acknowledged.clone();
                missing.andNot(s.consumed);
                lost += missing.cardinality();
                BitSet extra = (BitSet) s.consumed.clone();
                extra.andNot(s.acknowledged);
                unacknowledgedConsumed += extra.cardinality();
            }
        }
        long foreignCount;
        synchronized (foreignLock) {
            foreignCount = foreign;
        }
        return new DeliverySummary(acknowledged, consumed, lost, duplicates, unacknowledgedConsumed, foreignCount);
    }

    private static int index(long sequence) {
        if (sequence < 0 || sequence > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequence out of range: " + sequence);
        }
        return (int) sequence;
    }

    private static final class Stream {
        final BitSet acknowledged = new BitSet();
        final BitSet consumed = new BitSet();
        long acknowledgedCount;
        long consumedCount;
        long duplicates;
    }
}
