package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Body of a GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206) answer: every topic name the name server knows.
 *
 * @param topicList  topic names
 * @param brokerAddr set only when a broker answers for itself, else null
 */
public record TopicList(@JsonDeserialize(as = LinkedHashSet.class) Set<String> topicList, String brokerAddr) {

    public TopicList {
        topicList = topicList == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(topicList));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not topic list JSON
     */
    public static TopicList fromJson(byte[] json) {
        return RemotingJson.decode(json, TopicList.class);
    }
}
