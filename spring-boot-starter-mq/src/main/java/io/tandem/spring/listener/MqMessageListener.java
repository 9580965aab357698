package io.tandem.spring.listener;

import io.tandem.client.ReceivedMessage;

/**
 * Receives the messages of a {@link MqListenerContainer}, one at a time per call. Called concurrently from the
 * container's consume threads, so implementations must be thread-safe. Returning normally acknowledges the message;
 * throwing makes it come back later through the group's retry topic, and after the maximum number of deliveries
 * it goes to the group's dead-letter queue.
 */
@FunctionalInterface
public interface MqMessageListener {

    void onMessage(ReceivedMessage message) throws Exception;
}
