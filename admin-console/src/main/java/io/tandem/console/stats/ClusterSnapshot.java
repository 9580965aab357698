package io.tandem.console.stats;

import io.tandem.client.admin.GroupOffsets;
import io.tandem.client.admin.GroupSettings;
import io.tandem.client.admin.QueueStats;
import io.tandem.client.admin.TopicSettings;
import io.tandem.protocol.body.ClusterInfo;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one sample of the cluster saw: its brokers, every topic's settings and queue offsets, every consumer group's
 * settings and committed offsets. Immutable.
 *
 * @param takenAtMs   when the sample was taken (the console's clock)
 * @param tookMs      how long taking it took
 * @param cluster     brokers by name, clusters
 * @param topics      topic settings by name (sorted)
 * @param topicQueues queue offsets by topic (sorted)
 * @param groups      group settings by name (sorted)
 * @param groupQueues committed offsets and lag by group (sorted)
 */
public record ClusterSnapshot(long takenAtMs, long tookMs, ClusterInfo cluster, Map<String, TopicSettings> topics,
                              Map<String, List<QueueStats>> topicQueues, Map<String, GroupSettings> groups,
                              Map<String, GroupOffsets> groupQueues) {

    /** Prefix of dead-letter topics. */
    public static final String DLQ_PREFIX = "%DLQ%";
    /** Prefix of retry topics. */
    public static final String RETRY_PREFIX = "%RETRY%";

    public ClusterSnapshot {
        topics = sorted(topics);
        topicQueues = sorted(topicQueues);
        groups = sorted(groups);
        groupQueues = sorted(groupQueues);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** Messages a topic holds now: the sum over its queues of max minus min offset. */
    public long storedMessages(String topic) {
        return topicQueues.getOrDefault(topic, List.of()).stream()
                .mapToLong(queue -> Math.max(0, queue.maxOffset() - queue.minOffset())).sum();
    }

    /** Messages ever written to a topic: the sum of its queues' max offsets. */
    public long writtenMessages(String topic) {
        return topicQueues.getOrDefault(topic, List.of()).stream().mapToLong(QueueStats::maxOffset).sum();
    }

    /** Messages a group has consumed: the sum of its committed offsets. */
    public long consumedMessages(String group) {
        GroupOffsets offsets = groupQueues.get(group);
        return offsets == null ? 0 : offsets.queues().stream().mapToLong(GroupOffsets.QueueLag::consumerOffset).sum();
    }

    /** Whether {@code topic} is a retry, dead-letter or broker system topic rather than an application topic. */
    public static boolean isSystemTopic(String topic) {
        return topic.startsWith(RETRY_PREFIX) || topic.startsWith(DLQ_PREFIX) || topic.startsWith("RMQ_SYS_")
                || topic.equals("TBW102") || topic.equals("SCHEDULE_TOPIC_XXXX") || topic.startsWith("rmq_sys_");
    }
}
