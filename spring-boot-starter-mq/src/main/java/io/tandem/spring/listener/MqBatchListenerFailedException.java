package io.tandem.spring.listener;

import java.util.Arrays;
import java.util.List;

/**
 * Thrown by a batch listener method to say which messages of its batch failed: only those are retried (or, when
 * {@link #getCause() the cause} is of a type not worth retrying, sent to the dead-letter queue), and the others are
 * acknowledged. The indexes are positions in the list the method received. Any other exception fails the whole
 * batch, and so does this one from an orderly or an idempotent listener (whose transaction rolls back the work of
 * the whole batch).
 */
public class MqBatchListenerFailedException extends RuntimeException {

    private final List<Integer> indexes;

    /**
     * @param indexes positions of the failed messages in the method's list, at least one
     * @throws IllegalArgumentException if no index is given or one is negative
     */
    public MqBatchListenerFailedException(String message, Throwable cause, int... indexes) {
        super(message, cause);
        if (indexes == null || indexes.length == 0 || Arrays.stream(indexes).anyMatch(index -> index < 0)) {
            throw new IllegalArgumentException("name the failed messages by their positions (0 or more) in the batch,"
                    + " were " + Arrays.toString(indexes));
        }
        this.indexes = Arrays.stream(indexes).sorted().distinct().boxed().toList();
    }

    /** Positions of the failed messages in the batch, ascending. */
    public List<Integer> indexes() {
        return indexes;
    }
}
