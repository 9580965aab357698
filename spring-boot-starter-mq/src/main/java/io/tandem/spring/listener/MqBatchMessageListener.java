package io.tandem.spring.listener;

import io.tandem.client.ReceivedMessage;

import java.util.List;

/**
 * Receives the messages of a {@link MqListenerContainer} several at a time: up to the endpoint's batch size of one
 * queue, oldest first. Called concurrently from the container's consume threads, so implementations must be
 * thread-safe. Returning normally acknowledges every message of the batch; throwing makes all of them come back later
 * through the group's retry topic (each on its own, not necessarily in the same batch again), and a message that
 * reached the maximum number of deliveries goes to the group's dead-letter queue.
 */
@FunctionalInterface
public interface MqBatchMessageListener extends MqMessageListener {

    void onMessages(List<ReceivedMessage> messages) throws Exception;

    /** A batch of one. */
    @Override
    default void onMessage(ReceivedMessage message) throws Exception {
        onMessages(List.of(message));
    }
}
