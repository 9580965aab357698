package io.tandem.server.chaos;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What clients did and saw during a chaos run, in the style of a Jepsen history: every send attempt with its outcome
 * and times, and every delivery to the consumer group. Times are {@link System#nanoTime()} readings (any one clock
 * whose differences are nanoseconds). Thread-safe: senders and consumer threads record concurrently.
 */
final class History {

    /** How a send attempt ended. */
    enum Outcome {
        /** The broker acknowledged it (SEND_OK). */
        OK,
        /** Failed or timed out: the message may or may not have been stored. */
        INDETERMINATE
    }

    /** One send attempt of the message with key {@code key}, from {@code startedNanos} to {@code endedNanos}. */
    record Send(String key, long startedNanos, long endedNanos, Outcome outcome, String detail) {
    }

    /** One delivery of the message with key {@code key} to a listener of the consumer group. */
    record Delivery(String key, String msgId, long atNanos) {
    }

    private final Queue<Send> sends = new ConcurrentLinkedQueue<>();
    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    void acknowledged(String key, long startedNanos, long endedNanos, String msgId) {
        sends.add(new Send(key, startedNanos, endedNanos, Outcome.OK, msgId));
    }

    void indeterminate(String key, long startedNanos, long endedNanos, String failure) {
        sends.add(new Send(key, startedNanos, endedNanos, Outcome.INDETERMINATE, failure));
    }

    void delivered(String key, String msgId, long atNanos) {
        deliveries.add(new Delivery(key, msgId, atNanos));
    }

    List<Send> sends() {
        return List.copyOf(sends);
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    long acknowledgedCount() {
        return sends.stream().filter(send -> send.outcome() == Outcome.OK).count();
    }
}
