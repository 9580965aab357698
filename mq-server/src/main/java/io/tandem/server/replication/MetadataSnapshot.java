package io.tandem.server.replication;

import io.tandem.protocol.body.AclInfo;
import io.tandem.protocol.body.UserInfo;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.consume.QueueLocks;
import io.tandem.server.delay.DelayDeliveryDuty;
import io.tandem.server.metadata.GroupConfig;
import io.tandem.server.metadata.Groups;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.Topics;
import io.tandem.server.txn.TransactionTable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replica needs besides the log to carry on as leader, as the leader has it: the topic table, the
 * subscription groups, the committed consumer offsets, the users and ACLs, the orderly queue locks, the delay
 * schedule's progress and the transactions' bookkeeping with their check-back progress. The leader sends one every
 * {@code metadataInterval}; the replica applies it ({@link ReplicatedState#apply}).
 *
 * <p>The JSON is read leniently both ways: a field a newer leader adds is ignored by an older replica, and a field
 * an older leader does not send is null (or 0) here, which leaves the replica's own state of that kind as it is.
 * {@link #toString()} leaves the users' secrets out.
 *
 * @param topics       every topic
 * @param groups       every subscription group
 * @param offsets      group → topic → queue id → committed offset
 * @param users        every user, secrets included; null from leaders that did not send users
 * @param acls         every ACL; null from leaders that did not send them
 * @param locks        the queue locks of orderly consumers whose lease runs; null from leaders that did not send them
 * @param delay        the delay duty's written progress; null from leaders that did not send it
 * @param transactions the transactions' bookkeeping; null from leaders that did not send it
 * @param logPosition  the leader's log end once the above were taken: every record they count lies below it
 */
public record MetadataSnapshot(List<TopicConfig> topics, List<GroupConfig> groups,
                               Map<String, Map<String, Map<Integer, Long>>> offsets, List<UserInfo> users,
                               List<AclInfo> acls, List<QueueLocks.Held> locks, DelayDeliveryDuty.Progress delay,
                               TransactionTable.Progress transactions, long logPosition) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public MetadataSnapshot {
        topics = topics == null ? List.of() : topics;
        groups = groups == null ? List.of() : groups;
        offsets = offsets == null ? Map.of() : offsets;
    }

    /** A snapshot of the tables only, as leaders sent before users, delay and transactions came along. */
    public static MetadataSnapshot of(Topics topics, Groups groups, ConsumerOffsets offsets) {
        Map<String, Map<String, Map<Integer, Long>>> committed = new HashMap<>();
        for (String group : offsets.groups()) {
            committed.put(group, offsets.ofGroup(group));
        }
        return new MetadataSnapshot(List.copyOf(topics.all()), List.copyOf(groups.all()), committed, null, null,
                null, null, null, 0);
    }

    public byte[] toJson() {
        return JSON.writeValueAsBytes(this);
    }

    /** @throws tools.jackson.core.JacksonException if the bytes are not a snapshot */
    public static MetadataSnapshot fromJson(byte[] json) {
        return JSON.readValue(json, MetadataSnapshot.class);
    }

    /** Makes the replica's tables equal to the snapshot's (a topic or group absent from it is removed). */
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

    @Override
    public String toString() {
        return "MetadataSnapshot[topics=" + topics.size() + ", groups=" + groups.size() + ", offsetGroups="
                + offsets.size() + ", users=" + (users == null ? "absent" : users.size()) + ", acls="
                + (acls == null ? "absent" : acls.size()) + ", locks=" + (locks == null ? "absent" : locks.size())
                + ", delay=" + delay + ", transactions="
                + (transactions == null ? "absent" : "present") + ", logPosition=" + logPosition + ']';
    }
}
