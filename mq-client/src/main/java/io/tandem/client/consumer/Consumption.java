package io.tandem.client.consumer;

import io.tandem.client.ReceivedMessage;

import java.time.Duration;
import java.util.List;

/**
 * Runs the listener on pulled messages and moves offsets as they are consumed: {@link ConcurrentConsumption} or
 * {@link OrderlyConsumption}. Thread-safe.
 */
interface Consumption {

    /** Hands newly pulled messages of {@code queue} (already cached in it) to the listener. */
    void submit(ProcessQueue queue, List<ReceivedMessage> messages);

    /**
     * Starts no further listener calls and waits up to {@code timeout} for those in progress to finish and record
     * their offsets. Messages not yet handed to the listener stay uncommitted, to be consumed again later.
     */
    void shutdown(Duration timeout);
}
