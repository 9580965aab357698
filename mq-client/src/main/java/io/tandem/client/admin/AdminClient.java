package io.tandem.client.admin;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.MqBrokerException;
import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.TopicNotFoundException;
import io.tandem.client.internal.Calls;
import io.tandem.client.internal.ClientInstance;
import io.tandem.client.internal.Names;
import io.tandem.protocol.body.AclInfo;
import io.tandem.protocol.body.UserInfo;
import io.tandem.protocol.header.AclRequestHeader;
import io.tandem.protocol.header.DeleteAclRequestHeader;
import io.tandem.protocol.header.ListAclsRequestHeader;
import io.tandem.protocol.header.ListUsersRequestHeader;
import io.tandem.protocol.header.UserRequestHeader;
import io.tandem.client.internal.QueueOffsets;
import io.tandem.client.internal.ServerResponse;
import io.tandem.client.internal.TopicRoutes;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ClusterInfo;
import io.tandem.protocol.body.ConsumerConnection;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.QueueOffsetTables;
import io.tandem.protocol.body.SubscriptionGroupConfig;
import io.tandem.protocol.body.SubscriptionGroupWrapper;
import io.tandem.protocol.body.TopicConfig;
import io.tandem.protocol.body.TopicConfigSerializeWrapper;
import io.tandem.protocol.body.TopicList;
import io.tandem.protocol.body.KvTable;
import io.tandem.protocol.body.ResetOffsetBody;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.CreateTopicRequestHeader;
import io.tandem.protocol.header.DeleteSubscriptionGroupRequestHeader;
import io.tandem.protocol.header.DeleteTopicRequestHeader;
import io.tandem.protocol.header.GetConsumeStatsRequestHeader;
import io.tandem.protocol.header.GetConsumerConnectionListRequestHeader;
import io.tandem.protocol.header.GetTopicStatsInfoRequestHeader;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.protocol.header.QueryMessageRequestHeader;
import io.tandem.protocol.header.ResetOffsetRequestHeader;
import io.tandem.protocol.header.ViewMessageRequestHeader;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.TopicRouteData;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Administers a Tandem (or RocketMQ) cluster with the reference admin requests: creates, updates, lists and deletes
 * topics and consumer groups, reads queue offsets and a group's lag, lists a group's members, and finds messages by
 * key, by unique key, by broker message id, or by topic and store-time range.
 *
 * <p>Topic and group changes go to every master broker of the cluster (as the name servers list them); reads merge
 * the answers of every broker of the topic. Thread-safe. Every method is synchronous and throws
 * {@link MqClientException}s: {@link io.tandem.client.MqBrokerException} when a broker refuses (with its code and
 * remark), {@link TopicNotFoundException} for a topic without a route, timeouts and connection failures as their
 * own types.
 *
 * <p>Reading a time range pulls the messages with PULL_MESSAGE under the consumer group {@link #READER_GROUP}
 * (like the reference tools), which a broker with group auto-creation records as a group.
 */
public final class AdminClient implements AutoCloseable {

    /** Group the admin client pulls under when reading messages by time (the reference tools' group). */
    public static final String READER_GROUP = "TOOLS_CONSUMER";
    private static final Duration ROUTE_POLL = Duration.ofMillis(20);

    private static final int TIME_RANGE_PULL_BATCH = 32;

    /** Requests a cluster-wide snapshot keeps in flight to one broker. */
    private static final int SNAPSHOT_REQUESTS_IN_FLIGHT = 64;

    private final ClientInstance instance;
    private final QueueOffsets queueOffsets;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminClient(ClientConfig config) {
        this.instance = new ClientInstance(Objects.requireNonNull(config, "config"), null);
        this.queueOffsets = new QueueOffsets(instance);
    }

    /** Creates an admin client; it holds connections until {@link #close()}. */
    public static AdminClient start(ClientConfig config) {
        AdminClient admin = new AdminClient(config);
        admin.instance.start();
        return admin;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cluster and topics

    /** The cluster as the name servers know it: broker names to addresses, clusters to broker names. */
    public ClusterInfo clusterInfo() {
        ServerResponse answer = Calls.await(instance.invokeNameServer(
                RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build()));
        requireSuccess(answer.command(), answer.address(), RequestCode.GET_BROKER_CLUSTER_INFO);
        return ClusterInfo.fromJson(answer.command().body());
    }

    /**
     * Creates {@code settings.topic()} on every master broker, or updates it where it exists, and waits until the
     * name servers route it.
     */
    public void createTopic(TopicSettings settings) {
        CreateTopicRequestHeader header = new CreateTopicRequestHeader(settings.topic(), TopicRoutes.TEMPLATE_TOPIC,
                settings.readQueueNums(), settings.writeQueueNums(), settings.perm(), "SINGLE_TAG", 0,
                settings.order());
        Map<String, String> masters = masters();
        for (String address : masters.values()) {
            call(address, RequestCode.UPDATE_AND_CREATE_TOPIC, header, null);
        }
        awaitRouted(settings.topic(), masters.keySet());
    }

    /**
     * Waits until the name server routes {@code topic} on every broker of {@code brokerNames}: a broker registers a
     * new topic with its name servers right after creating it, which takes a round trip of its own.
     *
     * @throws MqClientException if that did not happen within the client's request timeout
     */
    private void awaitRouted(String topic, Set<String> brokerNames) {
        long deadline = System.nanoTime() + instance.config().rpcTimeout().toNanos();
        Set<String> routed = Set.of();
        while (true) {
            TopicRouteData route = Calls.await(instance.updateRoute(topic));
            if (route != null) {
                routed = route.brokerDatas().stream().map(BrokerData::brokerName).collect(Collectors.toSet());
                if (routed.containsAll(brokerNames)) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new MqClientException("topic " + topic + " was created on " + brokerNames
                        + " but the name servers route it only on " + routed + " after "
                        + instance.config().rpcTimeout());
            }
            try {
                Thread.sleep(ROUTE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MqClientException("interrupted while waiting for the route of topic " + topic, e);
            }
        }
    }

    /** Deletes {@code topic} from every broker and name server; deleting a topic that does not exist is no error. */
    public void deleteTopic(String topic) {
        DeleteTopicRequestHeader header = new DeleteTopicRequestHeader(topic);
        for (String address : masterAddresses()) {
            call(address, RequestCode.DELETE_TOPIC_IN_BROKER, header, null);
        }
        for (String nameServer : instance.config().nameServerAddresses()) {
            call(nameServer, RequestCode.DELETE_TOPIC_IN_NAMESRV, header, null);
        }
    }

    /** Every topic name the name servers know, sorted (includes the brokers' system topics). */
    public List<String> listTopics() {
        ServerResponse answer = Calls.await(instance.invokeNameServer(
                RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER).build()));
        requireSuccess(answer.command(), answer.address(), RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER);
        return List.copyOf(new TreeSet<>(TopicList.fromJson(answer.command().body()).topicList()));
    }

    /** The configuration of every topic on every master broker, by topic name (later brokers win on conflict). */
    public Map<String, TopicSettings> topicSettings() {
        Map<String, TopicSettings> settings = new TreeMap<>();
        for (String address : masterAddresses()) {
            RemotingCommand response = call(address, RequestCode.GET_ALL_TOPIC_CONFIG, null, null);
            for (TopicConfig config : TopicConfigSerializeWrapper.fromJson(response.body()).topicConfigTable()
                    .values()) {
                if (Message.isValidTopic(config.topicName()) && config.readQueueNums() > 0
                        && config.writeQueueNums() > 0) {
                    settings.put(config.topicName(), new TopicSettings(config.topicName(), config.readQueueNums(),
                            config.writeQueueNums(), config.perm(), config.order()));
                }
            }
        }
        return settings;
    }

    /**
     * The offset range of every queue of {@code topic}, sorted.
     *
     * @throws TopicNotFoundException if the topic has no route
     */
    public List<QueueStats> topicStats(String topic) {
        List<QueueStats> stats = new ArrayList<>();
        for (String address : topicBrokers(topic).values()) {
            RemotingCommand response = call(address, RequestCode.GET_TOPIC_STATS_INFO,
                    new GetTopicStatsInfoRequestHeader(topic), null);
            QueueOffsetTables.decodeTopicStats(response.body()).forEach((queue, offsets) ->
                    stats.add(new QueueStats(queue, offsets.minOffset(), offsets.maxOffset())));
        }
        stats.sort(Comparator.comparing(QueueStats::queue, TopicRoutes.QUEUE_ORDER));
        return stats;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Consumer groups

    /** Creates {@code settings.group()} on every master broker, or updates it where it exists. */
    public void createGroup(GroupSettings settings) {
        SubscriptionGroupConfig defaults = SubscriptionGroupConfig.defaults(settings.group(),
                settings.retryMaxTimes());
        SubscriptionGroupConfig config = new SubscriptionGroupConfig(settings.group(), settings.consumeEnable(),
                defaults.consumeFromMinEnable(), settings.consumeBroadcastEnable(), defaults.consumeMessageOrderly(),
                settings.retryQueueNums(), settings.retryMaxTimes(), defaults.brokerId(),
                defaults.whichBrokerWhenConsumeSlowly(), defaults.notifyConsumerIdsChangedEnable(),
                defaults.groupSysFlag(), defaults.consumeTimeoutMinute());
        for (String address : masterAddresses()) {
            call(address, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null, config.toJson());
        }
    }

    /** Deletes {@code group} from every master broker, and its committed offsets with it when asked. */
    public void deleteGroup(String group, boolean deleteOffsets) {
        for (String address : masterAddresses()) {
            call(address, RequestCode.DELETE_SUBSCRIPTIONGROUP,
                    new DeleteSubscriptionGroupRequestHeader(group, deleteOffsets), null);
        }
    }

    /** Every consumer group on every master broker, by name (later brokers win on conflict). */
    public Map<String, GroupSettings> listGroups() {
        Map<String, GroupSettings> groups = new TreeMap<>();
        for (String address : masterAddresses()) {
            RemotingCommand response = call(address, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null, null);
            SubscriptionGroupWrapper.fromJson(response.body()).subscriptionGroupTable().forEach((name, config) -> {
                try {
                    groups.put(name, new GroupSettings(name, config.retryMaxTimes(), config.retryQueueNums(),
                            config.consumeEnable(), config.consumeBroadcastEnable()));
                } catch (IllegalArgumentException ignored) {
                    // a broker-internal group whose name the client rules reject is not listed
                }
            });
        }
        return groups;
    }

    /**
     * The group's committed offset next to the end of every queue it committed offsets for, over all master brokers
     * (optionally only for {@code topic}). A group the brokers do not know fails with
     * {@link io.tandem.client.MqBrokerException} SUBSCRIPTION_GROUP_NOT_EXIST.
     */
    public GroupOffsets groupOffsets(String group, String topic) {
        List<GroupOffsets.QueueLag> queues = new ArrayList<>();
        for (String address : masterAddresses()) {
            RemotingCommand response = call(address, RequestCode.GET_CONSUME_STATS,
                    new GetConsumeStatsRequestHeader(group, topic), null);
            QueueOffsetTables.decodeConsumeStats(response.body()).forEach((queue, offsets) ->
                    queues.add(new GroupOffsets.QueueLag(queue, offsets.brokerOffset(), offsets.consumerOffset())));
        }
        queues.sort(Comparator.comparing(GroupOffsets.QueueLag::queue, TopicRoutes.QUEUE_ORDER));
        return new GroupOffsets(group, queues);
    }

    /** {@link #groupOffsets(String, String)} over every topic. */
    public GroupOffsets groupOffsets(String group) {
        return groupOffsets(group, null);
    }

    /**
     * The group's live members with their addresses and subscriptions, from the first master broker that has any;
     * fails with {@link io.tandem.client.MqBrokerException} CONSUMER_NOT_ONLINE when none has.
     */
    public ConsumerConnection groupMembers(String group) {
        MqBrokerException last = null;
        for (String address : masterAddresses()) {
            try {
                RemotingCommand response = call(address, RequestCode.GET_CONSUMER_CONNECTION_LIST,
                        new GetConsumerConnectionListRequestHeader(group), null);
                return ConsumerConnection.fromJson(response.body());
            } catch (MqBrokerException e) {
                last = e;
            }
        }
        throw last != null ? last : new MqClientException("no broker known");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cluster-wide snapshots (for consoles that sample the whole cluster)

    /**
     * The offset range of every queue of every topic on every master broker, by topic (sorted), each topic's queues
     * sorted. One GET_ALL_TOPIC_CONFIG per broker, then GET_TOPIC_STATS_INFO for each of its topics, at most
     * {@value #SNAPSHOT_REQUESTS_IN_FLIGHT} in flight at a time; a topic deleted in between is left out.
     */
    public Map<String, List<QueueStats>> allTopicStats() {
        Map<String, List<QueueStats>> stats = new TreeMap<>();
        for (String address : masterAddresses()) {
            RemotingCommand response = call(address, RequestCode.GET_ALL_TOPIC_CONFIG, null, null);
            List<String> topics = new ArrayList<>();
            for (TopicConfig config : TopicConfigSerializeWrapper.fromJson(response.body()).topicConfigTable()
                    .values()) {
                if (config.readQueueNums() > 0 || config.writeQueueNums() > 0) {
                    topics.add(config.topicName());
                }
            }
            Map<String, RemotingCommand> answers = invokeEach(address, topics, topic ->
                    request(RequestCode.GET_TOPIC_STATS_INFO, new GetTopicStatsInfoRequestHeader(topic), null));
            answers.forEach((topic, answer) -> {
                if (answer.code() == ResponseCode.TOPIC_NOT_EXIST) {
                    return;
                }
                requireSuccess(answer, address, RequestCode.GET_TOPIC_STATS_INFO);
                List<QueueStats> queues = stats.computeIfAbsent(topic, name -> new ArrayList<>());
                QueueOffsetTables.decodeTopicStats(answer.body()).forEach((queue, offsets) ->
                        queues.add(new QueueStats(queue, offsets.minOffset(), offsets.maxOffset())));
            });
        }
        stats.values().forEach(queues -> queues.sort(Comparator.comparing(QueueStats::queue,
                TopicRoutes.QUEUE_ORDER)));
        return stats;
    }

    /**
     * {@link #groupOffsets(String)} of every consumer group of every master broker, by group (sorted): one
     * GET_ALL_SUBSCRIPTIONGROUP_CONFIG per broker, then GET_CONSUME_STATS for each of its groups, at most
     * {@value #SNAPSHOT_REQUESTS_IN_FLIGHT} in flight at a time. A group deleted in between is left out.
     */
    public Map<String, GroupOffsets> allGroupOffsets() {
        Map<String, List<GroupOffsets.QueueLag>> queues = new TreeMap<>();
        for (String address : masterAddresses()) {
            RemotingCommand response = call(address, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null, null);
            List<String> groups = new ArrayList<>(SubscriptionGroupWrapper.fromJson(response.body())
                    .subscriptionGroupTable().keySet());
            Map<String, RemotingCommand> answers = invokeEach(address, groups, group ->
                    request(RequestCode.GET_CONSUME_STATS, new GetConsumeStatsRequestHeader(group, null), null));
            answers.forEach((group, answer) -> {
                if (answer.code() == ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST) {
                    return;
                }
                requireSuccess(answer, address, RequestCode.GET_CONSUME_STATS);
                List<GroupOffsets.QueueLag> lags = queues.computeIfAbsent(group, name -> new ArrayList<>());
                QueueOffsetTables.decodeConsumeStats(answer.body()).forEach((queue, offsets) ->
                        lags.add(new GroupOffsets.QueueLag(queue, offsets.brokerOffset(), offsets.consumerOffset())));
            });
        }
        Map<String, GroupOffsets> offsets = new TreeMap<>();
        queues.forEach((group, lags) -> {
            lags.sort(Comparator.comparing(GroupOffsets.QueueLag::queue, TopicRoutes.QUEUE_ORDER));
            offsets.put(group, new GroupOffsets(group, lags));
        });
        return offsets;
    }

    /** One request per name to {@code address}, at most {@value #SNAPSHOT_REQUESTS_IN_FLIGHT} at a time. */
    private Map<String, RemotingCommand> invokeEach(String address, List<String> names,
                                                    Function<String, RemotingCommand> request) {
        Map<String, RemotingCommand> answers = new LinkedHashMap<>();
        for (int from = 0; from < names.size(); from += SNAPSHOT_REQUESTS_IN_FLIGHT) {
            List<String> chunk = names.subList(from, Math.min(names.size(), from + SNAPSHOT_REQUESTS_IN_FLIGHT));
            Map<String, CompletableFuture<RemotingCommand>> pending = new LinkedHashMap<>();
            for (String name : chunk) {
                pending.put(name, instance.invoke(address, request.apply(name)));
            }
            pending.forEach((name, answer) -> answers.put(name, Calls.await(answer)));
        }
        return answers;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Consumer offsets

    /**
     * Moves {@code group}'s offset of every queue of {@code topic} to the first message stored at or after
     * {@code timestamp} (to the end of a queue with none), with INVOKE_BROKER_TO_RESET_OFFSET (222, forced: forward
     * too) on every master broker of the topic. A broker tells the group's live consumers of the topic
     * (RESET_CONSUMER_CLIENT_OFFSET, 220), which drop what they hold and continue from there; for a group with no live
     * consumer it rewrites the committed offsets, so the group starts there when it comes back. Moving back
     * re-delivers.
     *
     * @return the new offset of each queue, sorted
     * @throws TopicNotFoundException if the topic has no route
     * @throws MqBrokerException      if a broker refuses (no such group or topic there)
     */
    public Map<MessageQueue, Long> resetOffsetsByTime(String group, String topic, Instant timestamp) {
        Objects.requireNonNull(timestamp, "timestamp");
        return resetOffsets(group, topic, timestamp.toEpochMilli());
    }

    /**
     * Moves {@code group}'s offset of every queue of {@code topic} to the queue's end, so that the group skips
     * everything stored so far. Same request and rules as {@link #resetOffsetsByTime}.
     */
    public Map<MessageQueue, Long> skipBacklog(String group, String topic) {
        return resetOffsets(group, topic, -1);
    }

    private Map<MessageQueue, Long> resetOffsets(String group, String topic, long timestampMs) {
        Names.requireGroup(group, "group");
        Map<MessageQueue, Long> reset = new TreeMap<>(TopicRoutes.QUEUE_ORDER);
        for (String address : topicBrokers(topic).values()) {
            RemotingCommand response = call(address, RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                    new ResetOffsetRequestHeader(topic, group, timestampMs, true, null, null), null);
            reset.putAll(ResetOffsetBody.fromJson(response.body()).offsetTable());
        }
        return reset;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Broker runtime

    /**
     * What the broker at {@code brokerAddress} reports of itself (GET_BROKER_RUNTIME_INFO, 28): store and disk use,
     * message counts and rates, thread pool queues; keys in {@link io.tandem.protocol.body.BrokerRuntimeKeys}.
     *
     * @return the entries, sorted by key
     */
    public Map<String, String> brokerRuntimeInfo(String brokerAddress) {
        Objects.requireNonNull(brokerAddress, "brokerAddress");
        RemotingCommand response = call(brokerAddress, RequestCode.GET_BROKER_RUNTIME_INFO, null, null);
        return KvTable.fromJson(response.body()).table();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Messages

    /**
     * Messages of {@code topic} whose KEYS contain {@code key}, stored between {@code begin} and {@code end}, from
     * every broker of the topic, newest first, at most {@code maxMessages}.
     */
    public List<ReceivedMessage> queryByKey(String topic, String key, int maxMessages, Instant begin, Instant end) {
        List<ReceivedMessage> found = query(topic, key, maxMessages, begin, end, false);
        found.removeIf(message -> !message.keys().contains(key));
        return newestFirst(found, maxMessages);
    }

    /**
     * Every stored copy of the message whose unique key (UNIQ_KEY, the id consumers see) is {@code uniqueKey},
     * stored between {@code begin} and {@code end}, newest first; retried copies share the key.
     */
    public List<ReceivedMessage> queryByUniqueKey(String topic, String uniqueKey, Instant begin, Instant end) {
        List<ReceivedMessage> found = query(topic, uniqueKey, 32, begin, end, true);
        found.removeIf(message -> !uniqueKey.equals(message.uniqueKey()));
        return newestFirst(found, Integer.MAX_VALUE);
    }

    /**
     * The message with broker message id {@code offsetMessageId} (the id holds the broker's address and the record's
     * position, fact sheet 4.3).
     *
     * @throws IllegalArgumentException if the id is not a valid offset message id
     * @throws io.tandem.client.MqBrokerException if the broker has no record there
     */
    public ReceivedMessage viewMessage(String offsetMessageId) {
        OffsetMessageId id;
        try {
            id = OffsetMessageId.decode(offsetMessageId);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String address = id.storeHost().getAddress().getHostAddress() + ":" + id.storeHost().getPort();
        RemotingCommand response = call(address, RequestCode.VIEW_MESSAGE_BY_ID,
                new ViewMessageRequestHeader(null, id.commitLogOffset()), null);
        List<MessageRecord> records = MessageCodec.decodeAll(response.body());
        if (records.isEmpty()) {
            throw new MqClientException(address + " answered VIEW_MESSAGE_BY_ID for " + offsetMessageId
                    + " without a message");
        }
        return ReceivedMessage.from(records.get(0), brokerNameOf(address));
    }

    /**
     * Messages of {@code topic} stored at or after {@code begin} and before {@code end}, oldest first, at most
     * {@code maxMessages}: each queue's range is found with SEARCH_OFFSET_BY_TIMESTAMP and read with PULL_MESSAGE.
     */
    public List<ReceivedMessage> queryByTime(String topic, Instant begin, Instant end, int maxMessages) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be positive: " + maxMessages);
        }
        topicBrokers(topic);
        List<ReceivedMessage> found = new ArrayList<>();
        for (MessageQueue queue : instance.routes().readableQueues(topic)) {
            long from = queueOffsets.searchOffset(queue, begin.toEpochMilli());
            long max = queueOffsets.maxOffset(queue);
            // One entry past the search result, so that a broker answering "last at or before" instead of "first at
            // or after" loses nothing; the store-time filter below drops what lies outside the range.
            long to = Math.min(Math.max(queueOffsets.searchOffset(queue, end.toEpochMilli()), from) + 1, max);
            found.addAll(readRange(queue, from, to, begin, end, maxMessages));
        }
        found.sort(Comparator.comparingLong(ReceivedMessage::storeTimestamp)
                .thenComparingLong(ReceivedMessage::queueOffset));
        return List.copyOf(found.subList(0, Math.min(maxMessages, found.size())));
    }

    private List<ReceivedMessage> readRange(MessageQueue queue, long from, long to, Instant begin, Instant end,
                                            int maxMessages) {
        List<ReceivedMessage> found = new ArrayList<>();
        String address = requireMaster(queue.brokerName());
        long offset = from;
        while (offset < to && found.size() < maxMessages) {
            PullMessageRequestHeader header = new PullMessageRequestHeader(READER_GROUP, queue.topic(),
                    queue.queueId(), offset, (int) Math.min(TIME_RANGE_PULL_BATCH, to - offset),
                    PullSysFlag.SUBSCRIPTION, 0, 0, "*", 0, "TAG", null, null, null, queue.brokerName());
            RemotingCommand response = call(address, RequestCode.PULL_MESSAGE, header, null,
                    ResponseCode.SUCCESS, ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY,
                    ResponseCode.PULL_OFFSET_MOVED);
            if (response.code() != ResponseCode.SUCCESS) {
                break;
            }
            long next = offset;
            for (MessageRecord record : MessageCodec.decodeAll(response.body())) {
                next = Math.max(next, record.queueOffset() + 1);
                if (record.queueOffset() < to && record.storeTimestamp() >= begin.toEpochMilli()
                        && record.storeTimestamp() < end.toEpochMilli()) {
                    found.add(ReceivedMessage.from(record, queue.brokerName()));
                }
            }
            if (next == offset) {
                break;
            }
            offset = next;
        }
        return found;
    }

    private List<ReceivedMessage> query(String topic, String key, int maxMessages, Instant begin, Instant end,
                                        boolean uniqueKey) {
        QueryMessageRequestHeader header = new QueryMessageRequestHeader(topic, key, maxMessages,
                begin.toEpochMilli(), end.toEpochMilli(), uniqueKey);
        Map<String, String> brokers = topicBrokers(topic);
        List<CompletableFuture<List<ReceivedMessage>>> answers = new ArrayList<>();
        brokers.forEach((brokerName, address) -> answers.add(instance.invoke(address, request(
                RequestCode.QUERY_MESSAGE, header, null), Duration.ofSeconds(15)).thenApply(response -> {
                    if (response.code() == ResponseCode.QUERY_NOT_FOUND) {
                        return List.<ReceivedMessage>of();
                    }
                    requireSuccess(response, address, RequestCode.QUERY_MESSAGE);
                    List<ReceivedMessage> messages = new ArrayList<>();
                    for (MessageRecord record : MessageCodec.decodeAll(response.body())) {
                        messages.add(ReceivedMessage.from(record, brokerName));
                    }
                    return messages;
                })));
        List<ReceivedMessage> found = new ArrayList<>();
        for (CompletableFuture<List<ReceivedMessage>> answer : answers) {
            found.addAll(Calls.await(answer));
        }
        return found;
    }

    private static List<ReceivedMessage> newestFirst(List<ReceivedMessage> messages, int max) {
        List<ReceivedMessage> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparingLong(ReceivedMessage::storeTimestamp).reversed());
        return List.copyOf(sorted.subList(0, Math.min(max, sorted.size())));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plumbing

    /** Master addresses of every broker of the cluster. */
    private Collection<String> masterAddresses() {
        return masters().values();
    }

    /** Master addresses of every broker of the cluster, by broker name. */
    private Map<String, String> masters() {
        Map<String, String> masters = new TreeMap<>();
        for (BrokerData broker : clusterInfo().brokerAddrTable().values()) {
            if (broker.masterAddress() != null) {
                masters.put(broker.brokerName(), broker.masterAddress());
            }
        }
        if (masters.isEmpty()) {
            throw new MqClientException("the name servers know no broker with a master");
        }
        return masters;
    }

    /** Master addresses of the brokers of {@code topic}, by broker name; the route is cached for later calls. */
    private Map<String, String> topicBrokers(String topic) {
        TopicRouteData route = Calls.await(instance.updateRoute(topic));
        if (route == null) {
            throw new TopicNotFoundException(topic, null);
        }
        Map<String, String> brokers = new LinkedHashMap<>();
        for (BrokerData broker : route.brokerDatas()) {
            if (broker.masterAddress() != null) {
                brokers.put(broker.brokerName(), broker.masterAddress());
            }
        }
        return brokers;
    }

    private String requireMaster(String brokerName) {
        String address = instance.routes().masterAddress(brokerName);
        if (address == null) {
            throw new MqClientException("no address known for broker " + brokerName);
        }
        return address;
    }

    private String brokerNameOf(String address) {
        for (Map.Entry<String, String> master : instance.routes().masterAddresses().entrySet()) {
            if (master.getValue().equals(address)) {
                return master.getKey();
            }
        }
        for (BrokerData broker : clusterInfo().brokerAddrTable().values()) {
            if (broker.brokerAddrs().containsValue(address)) {
                return broker.brokerName();
            }
        }
        return address;
    }

    /**
     * Creates a user on every master broker (RocketMQ's AUTH_CREATE_USER; brokers need authentication on to use
     * it). {@code userType} is {@code Super} or {@code Normal}; only a super user may create a super user.
     *
     * @throws MqBrokerException if a broker refuses, for example because the user exists
     */
    public void createUser(String username, String secret, String userType) {
        byte[] body = new UserInfo(username, secret, userType, null).toJson();
        for (String address : masterAddresses()) {
            call(address, RequestCode.AUTH_CREATE_USER, new UserRequestHeader(username), body);
        }
    }

    /**
     * Changes a user's secret, type or status ({@code enable}/{@code disable}) on every master broker: the way to
     * rotate a secret (clients signing with the old one are refused from then on).
     */
    public void updateUser(String username, String secret, String userType, String userStatus) {
        byte[] body = new UserInfo(username, secret, userType, userStatus).toJson();
        for (String address : masterAddresses()) {
            call(address, RequestCode.AUTH_UPDATE_USER, new UserRequestHeader(username), body);
        }
    }

    /** Deletes a user and its ACL on every master broker; deleting a user that does not exist is no error. */
    public void deleteUser(String username) {
        for (String address : masterAddresses()) {
            call(address, RequestCode.AUTH_DELETE_USER, new UserRequestHeader(username), null);
        }
    }

    /** The users whose name contains {@code filter} (all when null), as the first master broker has them. */
    public List<UserInfo> listUsers(String filter) {
        RemotingCommand response = call(firstMaster(), RequestCode.AUTH_LIST_USER,
                new ListUsersRequestHeader(filter), null);
        return response.body().length == 0 ? List.of() : UserInfo.listFromJson(response.body());
    }

    /**
     * Adds the entries of {@code acl} to its subject's ACL on every master broker, replacing entries for the same
     * resources (AUTH_CREATE_ACL).
     */
    public void putAcl(AclInfo acl) {
        for (String address : masterAddresses()) {
            call(address, RequestCode.AUTH_CREATE_ACL, new AclRequestHeader(acl.subject()), acl.toJson());
        }
    }

    /** Deletes the entry for {@code resource} from a subject's ACL, or its whole ACL when null. */
    public void deleteAcl(String subject, String resource) {
        for (String address : masterAddresses()) {
            call(address, RequestCode.AUTH_DELETE_ACL, new DeleteAclRequestHeader(subject, null, resource), null);
        }
    }

    /** The subject's ACL ({@code User:<name>}) as the first master broker has it, or null. */
    public AclInfo acl(String subject) {
        RemotingCommand response = call(firstMaster(), RequestCode.AUTH_GET_ACL, new AclRequestHeader(subject),
                null);
        return response.body().length == 0 ? null : AclInfo.fromJson(response.body());
    }

    /** The ACLs whose subject and resources contain the filters (null: all). */
    public List<AclInfo> listAcls(String subjectFilter, String resourceFilter) {
        RemotingCommand response = call(firstMaster(), RequestCode.AUTH_LIST_ACL,
                new ListAclsRequestHeader(subjectFilter, resourceFilter), null);
        return response.body().length == 0 ? List.of() : AclInfo.listFromJson(response.body());
    }

    private String firstMaster() {
        return masterAddresses().iterator().next();
    }

    private RemotingCommand call(String address, int code, CommandHeader header, byte[] body, int... accepted) {
        RemotingCommand response = instance.invokeSync(address, request(code, header, body));
        if (accepted.length == 0) {
            requireSuccess(response, address, code);
            return response;
        }
        for (int ok : accepted) {
            if (response.code() == ok) {
                return response;
            }
        }
        throw Calls.refused(response, address, code);
    }

    private static RemotingCommand request(int code, CommandHeader header, byte[] body) {
        return RemotingCommand.request(code)
                .extFields(header == null ? Map.of() : header.toExtFields())
                .body(body)
                .build();
    }

    private static void requireSuccess(RemotingCommand response, String address, int code) {
        if (response.code() != ResponseCode.SUCCESS) {
            throw Calls.refused(response, address, code);
        }
    }

    /** Closes the connections. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            instance.close();
        }
    }
}
