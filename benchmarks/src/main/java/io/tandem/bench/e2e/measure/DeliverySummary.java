package io.tandem.bench.e2e.measure;

/**
 * What happened to the messages of one run.
 *
 * @param acknowledged           messages the broker acknowledged to a producer
 * @param consumed               distinct messages the consumers received
 * @param lost                   acknowledged messages no consumer received: must be 0
 * @param duplicates             deliveries of a message already received (a message delivered three times counts
 *                               two): must be 0
 * @param unacknowledgedConsumed messages received whose send had failed or timed out (stored anyway); not an error
 * @param foreign                received messages of no stream of this run (a broker delivering someone else's data)
 */
public record DeliverySummary(long acknowledged, long consumed, long lost, long duplicates,
                              long unacknowledgedConsumed, long foreign) {

    /** Whether every acknowledged message was consumed exactly once. */
    public boolean exactlyOnce() {
        return lost == 0 && duplicates == 0 && foreign == 0;
    }
}
