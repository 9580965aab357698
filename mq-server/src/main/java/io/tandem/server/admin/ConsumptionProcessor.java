package io.tandem.server.admin;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.GroupList;
import io.tandem.protocol.body.QueueOffsetTables;
import io.tandem.protocol.body.TopicList;
import io.tandem.protocol.header.GetConsumeStatsInBrokerRequestHeader;
import io.tandem.protocol.header.QueryTopicConsumeByWhoRequestHeader;
import io.tandem.protocol.header.QueryTopicsByConsumerRequestHeader;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.metadata.GroupConfig;
import io.tandem.server.metadata.Groups;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.Topics;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who consumes what, and how far: the progress of every group on the broker (GET_BROKER_CONSUME_STATS, 317, for
 * {@code mqadmin brokerConsumeStats}), the groups consuming a topic (QUERY_TOPIC_CONSUME_BY_WHO, 300, used by
 * {@code queryMsgById} to tell whether a message was consumed) and the topics a group consumes
 * (QUERY_TOPICS_BY_CONSUMER, 343). Reads the store: runs off the event loop.
 */
public final class ConsumptionProcessor implements RequestProcessor {

    private final Topics topics;
    private final Groups groups;
    private final ConsumerOffsets offsets;
    private final ClientRegistry clients;
    private final BrokerIdentity identity;
    private final ConsumeProgress progress;

    public ConsumptionProcessor(Topics topics, Groups groups, ConsumerOffsets offsets, ClientRegistry clients,
                                BrokerIdentity identity, ConsumeProgress progress) {
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.clients = clients;
        this.identity = identity;
        this.progress = progress;
    }

    @Override
    public void process(RequestContext context) {
        switch (context.request().code()) {
            case RequestCode.GET_BROKER_CONSUME_STATS -> brokerConsumeStats(context);
            case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO -> consumedBy(context);
            case RequestCode.QUERY_TOPICS_BY_CONSUMER -> {
                String group = QueryTopicsByConsumerRequestHeader.from(context.request()).group();
                context.respond(context.request().response(ResponseCode.SUCCESS).body(new TopicList(
                        new TreeSet<>(offsets.ofGroup(group).keySet()), identity.addressText()).toJson()));
            }
            default -> throw new IllegalStateException("not a consumption request: " + context.request().code());
        }
    }

    /** Every configured group with its progress over each topic it committed offsets of (as the reference does). */
    private void brokerConsumeStats(RequestContext context) {
        boolean onlyOrdered = Boolean.TRUE.equals(
                GetConsumeStatsInBrokerRequestHeader.from(context.request()).order());
        Map<String, List<QueueOffsetTables.GroupTopicStats>> all = new LinkedHashMap<>();
        List<String> groupNames = groups.all().stream().map(GroupConfig::name).sorted().toList();
        for (String group : groupNames) {
            List<QueueOffsetTables.GroupTopicStats> perTopic = new ArrayList<>();
            for (String topic : progress.topicsOf(group)) {
                TopicConfig config = topics.get(topic);
                if (config == null || (onlyOrdered && !config.order())) {
                    continue;
                }
                QueueOffsetTables.GroupTopicStats stats = progress.ofTopic(group, topic, true);
                if (stats != null) {
                    perTopic.add(stats);
                }
            }
            all.put(group, perTopic);
        }
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .body(QueueOffsetTables.encodeConsumeStatsList(identity.addressText(), all)));
    }

    /** Groups whose live members subscribe to the topic, and groups with committed offsets in it. */
    private void consumedBy(RequestContext context) {
        String topic = QueryTopicConsumeByWhoRequestHeader.from(context.request()).topic();
        Set<String> names = new TreeSet<>();
        for (ClientRegistry.ConsumerGroup group : clients.consumerGroups()) {
            if (!group.members().isEmpty() && group.subscription(topic) != null) {
                names.add(group.name());
            }
        }
        for (String group : offsets.groups()) {
            if (offsets.ofGroup(group).containsKey(topic)) {
                names.add(group);
            }
        }
        context.respond(context.request().response(ResponseCode.SUCCESS).body(new GroupList(names).toJson()));
    }
}
