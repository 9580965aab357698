package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Body of a GET_ALL_TOPIC_CONFIG (21) answer: every topic a broker holds, by name. The reference also sends a
 * {@code dataVersion}, which readers ignore.
 *
 * @param topicConfigTable topic name to configuration
 */
public record TopicConfigSerializeWrapper(Map<String, TopicConfig> topicConfigTable) {

    public TopicConfigSerializeWrapper {
        topicConfigTable = topicConfigTable == null
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(topicConfigTable));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not topic configuration JSON
     */
    public static TopicConfigSerializeWrapper fromJson(byte[] json) {
        return RemotingJson.decode(json, TopicConfigSerializeWrapper.class);
    }
}
