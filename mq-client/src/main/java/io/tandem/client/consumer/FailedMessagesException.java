package io.tandem.client.consumer;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Thrown by a {@link ConcurrentListener} when only some messages of its batch failed: those at {@link #indexes()} are
 * handed back like the messages of {@link ConsumeResult#RETRY_LATER} (or, with {@link #deadLetter()}, of
 * {@link ConsumeResult#DEAD_LETTER}), and the others count as consumed. Indexes outside the batch make the whole
 * batch fail. Orderly consumers treat it as a failure of the whole batch.
 */
public class FailedMessagesException extends RuntimeException {

    private final List<Integer> indexes;
    private final boolean deadLetter;

    /**
     * @param indexes    positions in the listener's batch of the messages that failed, at least one
     * @param deadLetter whether they go to the dead-letter queue at once instead of being retried
     */
    public FailedMessagesException(String message, Throwable cause, Collection<Integer> indexes,
                                   boolean deadLetter) {
        super(message, cause);
        if (indexes == null || indexes.isEmpty()) {
            throw new IllegalArgumentException("name at least one failed message");
        }
        this.indexes = List.copyOf(new TreeSet<>(indexes));
        this.deadLetter = deadLetter;
    }

    /** Positions of the failed messages in the batch, ascending, without duplicates. */
    public List<Integer> indexes() {
        return indexes;
    }

    public boolean deadLetter() {
        return deadLetter;
    }
}
