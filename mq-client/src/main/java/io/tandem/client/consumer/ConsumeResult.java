package io.tandem.client.consumer;

/** What a listener reports for the messages it was given. A listener that throws reports {@link #RETRY_LATER}. */
public enum ConsumeResult {
    /** Consumed; the consumer's offset may move past these messages. */
    SUCCESS,
    /**
     * Not consumed. A {@link ConcurrentListener}'s messages go back to the broker and return after a delay (in
     * clustering mode; broadcasting consumers drop them); an {@link OrderlyListener}'s queue pauses and the same
     * messages are delivered again, until the maximum reconsume count sends them to the dead-letter queue.
     */
    RETRY_LATER,
    /**
     * Not consumed, and retrying cannot help (the message is malformed, say): in clustering mode the messages go to
     * the group's dead-letter queue at once, without retries; broadcasting consumers drop them.
     */
    DEAD_LETTER
}
