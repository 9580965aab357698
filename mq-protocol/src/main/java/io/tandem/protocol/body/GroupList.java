package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Body of a QUERY_TOPIC_CONSUME_BY_WHO (300) answer: consumer group names.
 *
 * @param groupList the groups, sorted
 */
public record GroupList(@JsonDeserialize(as = TreeSet.class) Set<String> groupList) {

    public GroupList {
        groupList = groupList == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(groupList));
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not group list JSON
     */
    public static GroupList fromJson(byte[] json) {
        return RemotingJson.decode(json, GroupList.class);
    }
}
