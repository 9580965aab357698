package io.tandem.server.admin;

import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.QueueOffsetTables;
import io.tandem.protocol.body.SubscriptionGroupConfig;
import io.tandem.protocol.header.GetConsumeStatsRequestHeader;
import io.tandem.protocol.header.GetSubscriptionGroupConfigRequestHeader;
import io.tandem.protocol.header.GetTopicConfigRequestHeader;
import io.tandem.protocol.header.HeaderFields;
import io.tandem.protocol.route.Permission;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.metadata.GroupConfig;
import io.tandem.server.metadata.Groups;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.TopicNames;
import io.tandem.server.metadata.Topics;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import io.tandem.store.MessageStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Topic and group administration with the reference broker's request codes and body shapes, so RocketMQ's admin
 * tools and Tandem's admin client both work: create/update/delete topics (17, 215), list them (21), one topic's
 * configuration (351), create/update, list, read and delete subscription groups (200, 201, 352, 207), a topic's queue
 * offsets (202), a group's connections (203) and its consume progress (208). Writes metadata durably: runs off the
 * event loop.
 */
public final class AdminProcessor implements RequestProcessor {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Topics topics;
    private final Groups groups;
    private final ConsumerOffsets offsets;
    private final ClientRegistry clients;
    private final MessageStore store;
    private final BrokerIdentity identity;
    private final int adminTopicQueueNums;
    private final int defaultRetryMaxTimes;
    private final Clock clock;
    private final ConsumeProgress progress;

    public AdminProcessor(Topics topics, Groups groups, ConsumerOffsets offsets, ClientRegistry clients,
                          MessageStore store, BrokerIdentity identity, int adminTopicQueueNums,
                          int defaultRetryMaxTimes, Clock clock, ConsumeProgress progress) {
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.clients = clients;
        this.store = store;
        this.identity = identity;
        this.adminTopicQueueNums = adminTopicQueueNums;
        this.defaultRetryMaxTimes = defaultRetryMaxTimes;
        this.clock = clock;
        this.progress = progress;
    }

    @Override
    public void process(RequestContext context) {
        int code = context.request().code();
        HeaderFields fields = HeaderFields.forRequest(code, context.request().extFields());
        switch (code) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> createTopic(context, fields);
            case RequestCode.DELETE_TOPIC_IN_BROKER -> deleteTopic(context, fields);
            case RequestCode.GET_ALL_TOPIC_CONFIG -> allTopics(context);
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> createGroup(context);
            case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> allGroups(context);
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> deleteGroup(context, fields);
            case RequestCode.GET_TOPIC_STATS_INFO -> topicStats(context, fields);
            case RequestCode.GET_CONSUMER_CONNECTION_LIST -> connections(context, fields);
            case RequestCode.GET_CONSUME_STATS -> consumeStats(context);
            case RequestCode.GET_TOPIC_CONFIG -> topicConfig(context);
            case RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG -> groupConfig(context);
            default -> throw new IllegalStateException("not an admin request: " + code);
        }
    }

    private void createTopic(RequestContext context, HeaderFields fields) {
        String name = fields.requiredString("topic");
        String problem = TopicNames.checkTopic(name);
        if (problem != null) {
            context.respondError(ResponseCode.INVALID_PARAMETER, problem);
            return;
        }
        if (TopicNames.RESERVED.contains(name) || TopicNames.AUTO_CREATE_TEMPLATE.equals(name)) {
            context.respondError(ResponseCode.NO_PERMISSION, "topic " + name + " is reserved for the broker");
            return;
        }
        Integer read = fields.optionalInt("readQueueNums");
        Integer write = fields.optionalInt("writeQueueNums");
        Integer perm = fields.optionalInt("perm");
        Boolean order = fields.optionalBoolean("order");
        int readQueues = read == null ? adminTopicQueueNums : read;
        int writeQueues = write == null ? adminTopicQueueNums : write;
        if (readQueues < 1 || writeQueues < 1 || readQueues > 1024 || writeQueues > 1024) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "queue counts must be in [1, 1024], were "
                    + readQueues + " read and " + writeQueues + " write");
            return;
        }
        int permission = perm == null ? TopicConfig.DEFAULT_PERM
                : perm & (Permission.READ | Permission.WRITE | Permission.PRIORITY);
        topics.put(new TopicConfig(name, readQueues, writeQueues, permission, Boolean.TRUE.equals(order)));
        context.respondSuccess();
    }

    private void deleteTopic(RequestContext context, HeaderFields fields) {
        String name = fields.requiredString("topic");
        if (TopicNames.RESERVED.contains(name) || TopicNames.AUTO_CREATE_TEMPLATE.equals(name)) {
            context.respondError(ResponseCode.NO_PERMISSION, "topic " + name + " is reserved for the broker");
            return;
        }
        topics.delete(name);
        context.respondSuccess();
    }

    private void allTopics(RequestContext context) {
        Map<String, Object> table = new TreeMap<>();
        for (TopicConfig topic : topics.all()) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("topicName", topic.name());
            config.put("readQueueNums", topic.readQueueNums());
            config.put("writeQueueNums", topic.writeQueueNums());
            config.put("perm", topic.perm());
            config.put("topicFilterType", "SINGLE_TAG");
            config.put("topicSysFlag", 0);
            config.put("order", topic.order());
            config.put("attributes", Map.of());
            table.put(topic.name(), config);
        }
        respondJson(context, Map.of("topicConfigTable", table, "dataVersion", dataVersion()));
    }

    private void createGroup(RequestContext context) {
        byte[] body = context.request().body();
        if (body.length == 0) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "the request needs the group configuration as body");
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (RuntimeException e) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "the group configuration is not JSON: "
                    + e.getMessage());
            return;
        }
        String name = json.path("groupName").asString(null);
        String problem = TopicNames.checkGroup(name);
        if (problem != null) {
            context.respondError(ResponseCode.INVALID_PARAMETER, problem);
            return;
        }
        GroupConfig current = groups.get(name);
        GroupConfig base = current != null ? current : GroupConfig.defaults(name, defaultRetryMaxTimes);
        groups.put(new GroupConfig(name,
                json.path("retryQueueNums").asInt(base.retryQueueNums()),
                json.path("retryMaxTimes").asInt(base.retryMaxTimes()),
                json.path("consumeEnable").asBoolean(base.consumeEnable()),
                json.path("consumeBroadcastEnable").asBoolean(base.consumeBroadcastEnable())));
        context.respondSuccess();
    }

    private void allGroups(RequestContext context) {
        Map<String, Object> table = new TreeMap<>();
        for (GroupConfig group : groups.all()) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("groupName", group.name());
            config.put("consumeEnable", group.consumeEnable());
            config.put("consumeFromMinEnable", true);
            config.put("consumeBroadcastEnable", group.consumeBroadcastEnable());
            config.put("consumeMessageOrderly", false);
            config.put("retryQueueNums", group.retryQueueNums());
            config.put("retryMaxTimes", group.retryMaxTimes());
            config.put("brokerId", 0);
            config.put("whichBrokerWhenConsumeSlowly", 1);
            config.put("notifyConsumerIdsChangedEnable", true);
            config.put("groupSysFlag", 0);
            config.put("consumeTimeoutMinute", 15);
            table.put(group.name(), config);
        }
        respondJson(context, Map.of("subscriptionGroupTable", table, "dataVersion", dataVersion()));
    }

    private void deleteGroup(RequestContext context, HeaderFields fields) {
        String name = fields.requiredString("groupName");
        groups.delete(name);
        if (Boolean.TRUE.equals(fields.optionalBoolean("cleanOffset"))) {
            offsets.removeGroup(name);
        }
        context.respondSuccess();
    }

    private void topicStats(RequestContext context, HeaderFields fields) {
        String name = fields.requiredString("topic");
        TopicConfig topic = topics.get(name);
        if (topic == null) {
            context.respondError(ResponseCode.TOPIC_NOT_EXIST, "topic[" + name + "] not exist");
            return;
        }
        Map<MessageQueue, QueueOffsetTables.TopicOffset> table = new LinkedHashMap<>();
        for (int queueId = 0; queueId < topic.queueNums(); queueId++) {
            table.put(new MessageQueue(name, identity.brokerName(), queueId), new QueueOffsetTables.TopicOffset(
                    store.minOffset(name, queueId), store.maxOffset(name, queueId), 0));
        }
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .body(QueueOffsetTables.encodeTopicStats(table)));
    }

    private void connections(RequestContext context, HeaderFields fields) {
        String name = fields.requiredString("consumerGroup");
        ClientRegistry.ConsumerGroup group = clients.consumerGroup(name);
        if (group == null || group.members().isEmpty()) {
            context.respondError(ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group[" + name + "] not online");
            return;
        }
        List<Map<String, Object>> connectionSet = new ArrayList<>();
        for (ClientRegistry.Member member : group.members()) {
            connectionSet.add(Map.of("clientId", member.clientId(),
                    "clientAddr", member.connection().remoteAddress(),
                    "language", member.connection().language().name(),
                    "version", member.connection().version()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connectionSet", connectionSet);
        body.put("subscriptionTable", new TreeMap<>(group.subscriptions()));
        body.put("messageModel", group.messageModel().name());
        if (group.lastData() != null) {
            body.put("consumeType", String.valueOf(group.lastData().consumeType()));
            body.put("consumeFromWhere", String.valueOf(group.lastData().consumeFromWhere()));
        }
        respondJson(context, body);
    }

    private void consumeStats(RequestContext context) {
        GetConsumeStatsRequestHeader header = GetConsumeStatsRequestHeader.from(context.request());
        String group = header.consumerGroup();
        if (offsets.ofGroup(group).isEmpty() && groups.get(group) == null) {
            context.respondError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + group
                    + "] does not exist");
            return;
        }
        Set<String> topicNames;
        if (!header.topicList().isEmpty()) {
            topicNames = new TreeSet<>(header.topicList());
        } else if (header.topic() != null && !header.topic().isEmpty()) {
            ClientRegistry.ConsumerGroup live = clients.consumerGroup(group);
            boolean filtered = live != null && !live.members().isEmpty() && !live.subscriptions().isEmpty()
                    && live.subscription(header.topic()) == null;
            topicNames = filtered ? Set.of() : Set.of(header.topic());
        } else {
            topicNames = progress.topicsOf(group);
        }
        Map<MessageQueue, QueueOffsetTables.ConsumeOffset> table = new LinkedHashMap<>();
        double consumeTps = 0;
        for (String topic : topicNames) {
            QueueOffsetTables.GroupTopicStats stats = progress.ofTopic(group, topic, false);
            if (stats != null) {
                table.putAll(stats.offsetTable());
                consumeTps += stats.consumeTps();
            }
        }
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .body(QueueOffsetTables.encodeConsumeStats(table, consumeTps)));
    }

    private void topicConfig(RequestContext context) {
        String name = GetTopicConfigRequestHeader.from(context.request()).topic();
        TopicConfig topic = topics.get(name);
        if (topic == null) {
            context.respondError(ResponseCode.TOPIC_NOT_EXIST, "No topic in this broker. topic: " + name);
            return;
        }
        respondJson(context, new io.tandem.protocol.body.TopicConfig(topic.name(), topic.readQueueNums(),
                topic.writeQueueNums(), topic.perm(), "SINGLE_TAG", 0, topic.order(), Map.of()));
    }

    private void groupConfig(RequestContext context) {
        String name = GetSubscriptionGroupConfigRequestHeader.from(context.request()).group();
        GroupConfig group = groups.get(name);
        if (group == null) {
            context.respondError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + name
                    + "] does not exist");
            return;
        }
        context.respond(context.request().response(ResponseCode.SUCCESS).body(new SubscriptionGroupConfig(
                group.name(), group.consumeEnable(), true, group.consumeBroadcastEnable(), false,
                group.retryQueueNums(), group.retryMaxTimes(), 0, 1, true, 0, 15).toJson()));
    }

    private Map<String, Object> dataVersion() {
        return Map.of("timestamp", clock.millis(), "counter", 0, "stateVersion", 0);
    }

    private static void respondJson(RequestContext context, Object body) {
        context.respond(context.request().response(ResponseCode.SUCCESS).body(RemotingJson.encode(body)));
    }
}
