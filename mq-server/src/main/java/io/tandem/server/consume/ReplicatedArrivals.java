package io.tandem.server.consume;

import io.tandem.store.MessageArrivalListener;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Arrivals as consumers of a {@code replication=sync} leader may see them: a message becomes visible once the
 * group's readable end (what enough in-sync members hold, see {@link PullProcessor}) has passed it, so a consumer
 * never reads a message that a failover could cut from the log and whose queue offset a new leader would reuse.
 * Arrivals are held in log order and handed to {@code downstream} (the pull holds) when {@link #advance} passes the
 * log end at which each arrived.
 *
 * <p>Thread-safe: the store reports arrivals from its writer, the replication from its network threads.
 */
public final class ReplicatedArrivals implements MessageArrivalListener {

    private record Arrival(String topic, int queueId, long queueOffset, long tagHash, long logEnd) {
    }

    private final MessageArrivalListener downstream;
    private final LongSupplier logEnd;
    private final Deque<Arrival> pending = new ArrayDeque<>();
    private long readableEnd;

    /**
     * @param downstream  told of each arrival once it is readable
     * @param logEnd      the leader's log end (at an arrival: at or past the arrived record's end)
     * @param readableEnd the readable end to start from (the log end when this broker took the lead)
     */
    public ReplicatedArrivals(MessageArrivalListener downstream, LongSupplier logEnd, long readableEnd) {
        this.downstream = downstream;
        this.logEnd = logEnd;
        this.readableEnd = readableEnd;
    }

    @Override
    public void onArrival(String topic, int queueId, long queueOffset, long tagHash) {
        long end = logEnd.getAsLong();
        synchronized (pending) {
            if (end > readableEnd) {
                pending.add(new Arrival(topic, queueId, queueOffset, tagHash, end));
                return;
            }
        }
        downstream.onArrival(topic, queueId, queueOffset, tagHash);
    }

    /** The readable end moved to {@code end}: the arrivals it passes are handed on. */
    public void advance(long end) {
        while (true) {
            Arrival arrival;
            synchronized (pending) {
                readableEnd = Math.max(readableEnd, end);
                arrival = pending.peek();
                if (arrival == null || arrival.logEnd() > readableEnd) {
                    return;
                }
                pending.poll();
            }
            downstream.onArrival(arrival.topic(), arrival.queueId(), arrival.queueOffset(), arrival.tagHash());
        }
    }
}
