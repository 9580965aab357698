package io.tandem.server.admin;

import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.QueueOffsetTables;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.Topics;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How far consumer groups are, per queue: the queue's end, the group's committed offset, when the last message it
 * consumed there was stored, and its recent consume rate. Shared by the per-group (GET_CONSUME_STATS) and per-broker
 * (GET_BROKER_CONSUME_STATS) answers. Thread-safe.
 */
public final class ConsumeProgress {

    private final Topics topics;
    private final ConsumerOffsets offsets;
    private final ClientRegistry clients;
    private final MessageStore store;
    private final BrokerIdentity identity;
    private final TrafficStats traffic;

    public ConsumeProgress(Topics topics, ConsumerOffsets offsets, ClientRegistry clients, MessageStore store,
                           BrokerIdentity identity, TrafficStats traffic) {
        this.topics = topics;
        this.offsets = offsets;
        this.clients = clients;
        this.store = store;
        this.identity = identity;
        this.traffic = traffic;
    }

    /**
     * The topics whose progress a group reports: those it committed offsets of, less those its live members do not
     * subscribe to (as the reference broker does).
     */
    Set<String> topicsOf(String group) {
        Set<String> committed = new TreeSet<>(offsets.ofGroup(group).keySet());
        ClientRegistry.ConsumerGroup live = clients.consumerGroup(group);
        if (live != null && !live.members().isEmpty() && !live.subscriptions().isEmpty()) {
            committed.retainAll(live.subscriptions().keySet());
        }
        return committed;
    }

    /** Whether the group has live members that subscribe to {@code topic}. */
    boolean subscribedLive(String group, String topic) {
        ClientRegistry.ConsumerGroup live = clients.consumerGroup(group);
        return live != null && !live.members().isEmpty() && live.subscription(topic) != null;
    }

    /**
     * The group's progress over every queue of {@code topic} (its write queues, or its read queues), or null if the
     * topic is unknown and the group has no offsets in it.
     */
    QueueOffsetTables.GroupTopicStats ofTopic(String group, String topic, boolean writeQueues) {
        TopicConfig config = topics.get(topic);
        Map<Integer, Long> committed = offsets.ofGroup(group).getOrDefault(topic, Map.of());
        int queueCount;
        if (config != null) {
            queueCount = writeQueues ? config.writeQueueNums() : config.readQueueNums();
        } else if (!committed.isEmpty()) {
            queueCount = committed.keySet().stream().mapToInt(queue -> queue + 1).max().orElse(0);
        } else {
            return null;
        }
        Map<MessageQueue, QueueOffsetTables.ConsumeOffset> table = new LinkedHashMap<>();
        for (int queueId = 0; queueId < queueCount; queueId++) {
            long consumerOffset = Math.max(0, committed.getOrDefault(queueId, 0L));
            table.put(new MessageQueue(topic, identity.brokerName(), queueId), new QueueOffsetTables.ConsumeOffset(
                    store.maxOffset(topic, queueId), consumerOffset, lastConsumedStoreTime(topic, queueId,
                    consumerOffset)));
        }
        return new QueueOffsetTables.GroupTopicStats(table, traffic.consumeTps(group, topic));
    }

    /** Store time of the message before {@code consumerOffset} (the last one consumed), or 0. */
    private long lastConsumedStoreTime(String topic, int queueId, long consumerOffset) {
        if (consumerOffset <= 0) {
            return 0;
        }
        ReadResult result = store.read(topic, queueId, consumerOffset - 1, 1, 1);
        return result.status() == ReadStatus.FOUND ? result.messages().getFirst().storeTimestamp() : 0;
    }
}
