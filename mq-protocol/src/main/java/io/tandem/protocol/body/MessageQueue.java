package io.tandem.protocol.body;

import java.util.Objects;

/** One queue of a topic on one broker (fact sheet 6.4). */
public record MessageQueue(String topic, String brokerName, int queueId) {

    public MessageQueue {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(brokerName, "brokerName");
    }
}
