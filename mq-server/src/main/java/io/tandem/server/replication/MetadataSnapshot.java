package io.tandem.server.replication;

import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.metadata.GroupConfig;
import io.tandem.server.metadata.Groups;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.Topics;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replica needs besides the log to carry on as leader: the topic table, the subscription groups and the
 * committed consumer offsets, as the leader has them. The leader sends one every {@code metadataInterval}; the
 * replica applies it whole (a topic or group absent from it is removed).
 *
 * @param topics  every topic
 * @param groups  every subscription group
 * @param offsets group → topic → queue id → committed offset
 */
public record MetadataSnapshot(List<TopicConfig> topics, List<GroupConfig> groups,
                               Map<String, Map<String, Map<Integer, Long>>> offsets) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Takes a snapshot of the leader's tables. */
    public static MetadataSnapshot of(Topics topics, Groups groups, ConsumerOffsets offsets) {
        Map<String, Map<String, Map<Integer, Long>>> committed = new HashMap<>();
        for (String group : offsets.groups()) {
            committed.put(group, offsets.ofGroup(group));
        }
        return new MetadataSnapshot(List.copyOf(topics.all()), List.copyOf(groups.all()), committed);
    }

    public byte[] toJson() {
        return JSON.writeValueAsBytes(this);
    }

    /** @throws tools.jackson.core.JacksonException if the bytes are not a snapshot */
    public static MetadataSnapshot fromJson(byte[] json) {
        return JSON.readValue(json, MetadataSnapshot.class);
    }

    /** Makes the replica's tables equal to the snapshot's. */
    public void applyTo(Topics topics, Groups groups, ConsumerOffsets offsets) {
        Map<String, TopicConfig> byName = new HashMap<>();
        this.topics.forEach(topic -> byName.put(topic.name(), topic));
        for (TopicConfig existing : topics.all()) {
            if (!byName.containsKey(existing.name())) {
                topics.delete(existing.name());
            }
        }
        byName.values().forEach(topics::put);
        Map<String, GroupConfig> groupsByName = new HashMap<>();
        this.groups.forEach(group -> groupsByName.put(group.name(), group));
        for (GroupConfig existing : groups.all()) {
            if (!groupsByName.containsKey(existing.name())) {
                groups.delete(existing.name());
            }
        }
        groupsByName.values().forEach(groups::put);
        this.offsets.forEach((group, byTopic) -> byTopic.forEach((topic, byQueue) -> byQueue.forEach(
                (queueId, offset) -> offsets.commit(group, topic, queueId, offset))));
    }
}
