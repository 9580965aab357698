package io.tandem.client.admin;

import io.tandem.client.Message;
import io.tandem.protocol.route.Permission;

/**
 * A topic's configuration on a broker: queue counts, permission and whether it is an ordered topic (producers then
 * keep to its queues even when brokers change).
 *
 * @param topic          topic name
 * @param readQueueNums  readable queues, 1..1024
 * @param writeQueueNums writable queues, 1..1024
 * @param perm           {@link Permission} bits (6: read and write)
 * @param order          whether the topic is ordered
 */
public record TopicSettings(String topic, int readQueueNums, int writeQueueNums, int perm, boolean order) {

    /** @throws IllegalArgumentException if the name or a count is invalid */
    public TopicSettings {
        if (!Message.isValidTopic(topic)) {
            throw new IllegalArgumentException("topic must be 1..127 characters of [%|a-zA-Z0-9_-]: '" + topic + "'");
        }
        if (readQueueNums < 1 || readQueueNums > 1024 || writeQueueNums < 1 || writeQueueNums > 1024) {
            throw new IllegalArgumentException("queue counts must be in [1, 1024], were " + readQueueNums + " read and "
                    + writeQueueNums + " write");
        }
    }

    /** A readable and writable, unordered topic with {@code queueNums} queues. */
    public static TopicSettings of(String topic, int queueNums) {
        return new TopicSettings(topic, queueNums, queueNums, Permission.READ | Permission.WRITE, false);
    }
}
