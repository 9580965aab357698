package io.tandem.protocol.body;

import java.util.Map;
import java.util.Objects;

/**
 * One topic's configuration on a broker, as GET_ALL_TOPIC_CONFIG (21) lists it inside
 * {@link TopicConfigSerializeWrapper}.
 *
 * @param topicName       topic
 * @param readQueueNums   readable queues
 * @param writeQueueNums  writable queues
 * @param perm            {@code Permission} bits
 * @param topicFilterType {@code SINGLE_TAG} or {@code MULTI_TAG}
 * @param topicSysFlag    unit flags (0)
 * @param order           whether producers keep to the queues of the route's {@code orderTopicConf}
 * @param attributes      extra attributes, usually empty
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm, String topicFilterType,
                          int topicSysFlag, boolean order, Map<String, String> attributes) {

    public TopicConfig {
        Objects.requireNonNull(topicName, "topicName");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
