package io.tandem.client.fake;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.SerializeType;
import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.ConsumerListBody;
import io.tandem.protocol.body.HeartbeatData;
import io.tandem.protocol.body.LockBatchRequestBody;
import io.tandem.protocol.body.LockBatchResponseBody;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.protocol.body.UnlockBatchRequestBody;
import io.tandem.protocol.frame.FrameDecoder;
import io.tandem.protocol.frame.FrameDescriptor;
import io.tandem.protocol.frame.FrameEncoder;
import io.tandem.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.tandem.protocol.header.GetConsumerListByGroupRequestHeader;
import io.tandem.protocol.header.GetMaxOffsetRequestHeader;
import io.tandem.protocol.header.GetMinOffsetRequestHeader;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.header.NotifyConsumerIdsChangedRequestHeader;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullMessageResponseHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.protocol.header.QueryConsumerOffsetRequestHeader;
import io.tandem.protocol.header.SearchOffsetRequestHeader;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.header.UnregisterClientRequestHeader;
import io.tandem.protocol.header.UpdateConsumerOffsetRequestHeader;
import io.tandem.protocol.message.BatchEntry;
import io.tandem.protocol.message.BatchMessageCodec;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.message.TagHash;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An in-memory name server and broker on one port of 127.0.0.1, enough of fact sheet section 2 for client unit
 * tests: routes (with the TBW102 template), heartbeats with membership notifications, sends (single and batch, with
 * auto-create), pulls with long polling, offsets, send-back with retry and DLQ topics (no delays: a send-back is
 * pullable at once), consumer lists and queue locks. Every request is recorded; {@link #intercept} lets a test answer
 * a request code itself. All state lives on the server's single event loop thread; read it with the synchronized
 * accessors.
 */
public final class FakeBroker implements AutoCloseable {

    public static final String BROKER_NAME = "fake-broker";
    public static final String CLUSTER = "FakeCluster";
    /** An interceptor's answer that leaves the request unanswered. */
    public static final RemotingCommand NO_RESPONSE = RemotingCommand.request(0).build();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel serverChannel;
    private final InetSocketAddress storeHost;
    private final List<RemotingCommand> requests = new CopyOnWriteArrayList<>();
    private final List<Channel> clients = new CopyOnWriteArrayList<>();
    private final Map<Integer, Function<RemotingCommand, RemotingCommand>> interceptors =
            new ConcurrentHashMap<>();

    private final Map<String, List<List<MessageRecord>>> topics = new LinkedHashMap<>();
    private final Map<Long, MessageRecord> byCommitLogOffset = new HashMap<>();
    private final Map<String, Long> offsets = new HashMap<>();
    private final Map<String, Map<String, Channel>> groupMembers = new HashMap<>();
    private final Map<String, Map<String, SubscriptionInfo>> subscriptions = new HashMap<>();
    private final Map<MessageQueue, String> locks = new HashMap<>();
    private final List<ParkedPull> parked = new ArrayList<>();
    private long nextCommitLogOffset = 1000;
    private volatile boolean autoCreateTopics = true;
    private volatile int maxReconsumeTimesDefault = 16;

    private record SubscriptionInfo(String expression, Set<Integer> codes) {
    }

    private record ParkedPull(Channel channel, RemotingCommand request, PullMessageRequestHeader header,
                              ScheduledFuture<?> timeout) {
    }

    public FakeBroker() {
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        clients.add(channel);
                        channel.pipeline().addLast(
                                new LengthFieldBasedFrameDecoder(FrameDescriptor.MAX_FRAME_LENGTH, 0, 4, 0, 4),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        handle(ctx.channel(), FrameDecoder.decode(frame));
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        clients.remove(ctx.channel());
                                        forget(ctx.channel());
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        storeHost = new InetSocketAddress("127.0.0.1", ((InetSocketAddress) serverChannel.localAddress()).getPort());
    }

    /** {@code 127.0.0.1:port}: the name server and the broker. */
    public String address() {
        return "127.0.0.1:" + storeHost.getPort();
    }

    /** Answers requests of {@code code} with {@code handler}; a null answer falls through to the normal handling. */
    public void intercept(int code, Function<RemotingCommand, RemotingCommand> handler) {
        interceptors.put(code, handler);
    }

    public void autoCreateTopics(boolean enabled) {
        this.autoCreateTopics = enabled;
    }

    /** Every request received so far, in arrival order. */
    public List<RemotingCommand> requests() {
        return List.copyOf(requests);
    }

    /** Received requests with {@code code}. */
    public List<RemotingCommand> requests(int code) {
        return requests.stream().filter(request -> request.code() == code).toList();
    }

    public void createTopic(String topic, int queues) {
        onLoop(() -> ensureTopic(topic, queues));
    }

    /** Every record stored in {@code topic}, over all queues in queue order. */
    public List<MessageRecord> records(String topic) {
        return onLoop(() -> {
            List<MessageRecord> all = new ArrayList<>();
            topics.getOrDefault(topic, List.of()).forEach(all::addAll);
            return all;
        });
    }

    /** The committed offset of a group for a queue, or -1. */
    public long committedOffset(String group, String topic, int queueId) {
        return onLoop(() -> offsets.getOrDefault(group + "@" + topic + "@" + queueId, -1L));
    }

    /** The client id holding the lock of a queue, or null. */
    public String lockHolder(String topic, int queueId) {
        return onLoop(() -> locks.get(new MessageQueue(topic, BROKER_NAME, queueId)));
    }

    public Set<String> members(String group) {
        return onLoop(() -> Set.copyOf(groupMembers.getOrDefault(group, Map.of()).keySet()));
    }

    /** Sends a broker-to-client request to every connected client. */
    public void sendToClients(RemotingCommand request) {
        clients.forEach(channel -> send(channel, request));
    }

    /** Stores a message as if a producer had sent it. */
    public MessageRecord store(String topic, int queueId, String body, Map<String, String> properties) {
        return onLoop(() -> append(topic, queueId, body.getBytes(StandardCharsets.UTF_8), 0, 0,
                properties, 0, storeHost));
    }

    private void handle(Channel channel, RemotingCommand request) {
        requests.add(request);
        Function<RemotingCommand, RemotingCommand> interceptor = interceptors.get(request.code());
        if (interceptor != null) {
            RemotingCommand answer = interceptor.apply(request);
            if (answer == NO_RESPONSE) {
                return;
            }
            if (answer != null) {
                reply(channel, request, answer);
                return;
            }
        }
        RemotingCommand response = switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(request);
            case RequestCode.HEART_BEAT -> heartbeat(channel, request);
            case RequestCode.UNREGISTER_CLIENT -> unregister(request);
            case RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE -> store(channel, request);
            case RequestCode.PULL_MESSAGE -> pull(channel, request, true);
            case RequestCode.QUERY_CONSUMER_OFFSET -> queryOffset(request);
            case RequestCode.UPDATE_CONSUMER_OFFSET -> updateOffset(request);
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> consumerList(request);
            case RequestCode.CONSUMER_SEND_MSG_BACK -> sendBack(request);
            case RequestCode.LOCK_BATCH_MQ -> lock(request);
            case RequestCode.UNLOCK_BATCH_MQ -> unlock(request);
            case RequestCode.GET_MAX_OFFSET -> maxOffset(request);
            case RequestCode.GET_MIN_OFFSET -> minOffset(request);
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> searchOffset(request);
            default -> request.response(ResponseCode.REQUEST_CODE_NOT_SUPPORTED).remark("not supported").build();
        };
        if (response != null) {
            reply(channel, request, response);
        }
    }

    private void reply(Channel channel, RemotingCommand request, RemotingCommand response) {
        if (request.isOneway()) {
            return;
        }
        send(channel, response.toBuilder().opaque(request.opaque()).flag(RemotingCommand.RESPONSE_FLAG).build());
    }

    private static void send(Channel channel, RemotingCommand command) {
        ByteBuf out = channel.alloc().buffer();
        FrameEncoder.encode(command, SerializeType.JSON, out);
        channel.writeAndFlush(out);
    }

    private RemotingCommand route(RemotingCommand request) {
        String topic = GetRouteInfoRequestHeader.from(request).topic();
        int queueCount;
        int perm;
        if (topics.containsKey(topic)) {
            queueCount = topics.get(topic).size();
            perm = 6;
        } else if (topic.equals("TBW102") && autoCreateTopics) {
            queueCount = 8;
            perm = 7;
        } else {
            return request.response(ResponseCode.TOPIC_NOT_EXIST).remark("No topic route info in name server for"
                    + " the topic: " + topic).build();
        }
        TopicRouteData route = new TopicRouteData(null,
                List.of(new QueueData(BROKER_NAME, queueCount, queueCount, perm, 0)),
                List.of(new BrokerData(CLUSTER, BROKER_NAME, Map.of(0L, address()), null, false)), Map.of());
        return request.response(ResponseCode.SUCCESS).body(route.toJson(JsonFlavor.STANDARD)).build();
    }

    private RemotingCommand heartbeat(Channel channel, RemotingCommand request) {
        HeartbeatData data = HeartbeatData.fromJson(request.body());
        for (ConsumerData consumer : data.consumerDataSet()) {
            Map<String, Channel> members = groupMembers.computeIfAbsent(consumer.groupName(),
                    ignored -> new LinkedHashMap<>());
            Map<String, SubscriptionInfo> subs = subscriptions.computeIfAbsent(consumer.groupName(),
                    ignored -> new HashMap<>());
            consumer.subscriptionDataSet().forEach(subscription -> subs.put(subscription.topic(),
                    new SubscriptionInfo(subscription.subString(), subscription.codeSet())));
            ensureTopic("%RETRY%" + consumer.groupName(), 1);
            if (members.put(data.clientID(), channel) == null) {
                notifyMembers(consumer.groupName());
            }
        }
        return request.response(ResponseCode.SUCCESS).extField("IS_SUPPORT_HEART_BEAT_V2", "false").build();
    }

    private RemotingCommand unregister(RemotingCommand request) {
        UnregisterClientRequestHeader header = UnregisterClientRequestHeader.from(request);
        if (header.consumerGroup() != null) {
            Map<String, Channel> members = groupMembers.get(header.consumerGroup());
            if (members != null && members.remove(header.clientId()) != null) {
                notifyMembers(header.consumerGroup());
            }
        }
        return request.response(ResponseCode.SUCCESS).extFields(Map.of()).build();
    }

    private void forget(Channel channel) {
        groupMembers.forEach((groupName, members) -> {
            if (members.values().removeIf(member -> member == channel)) {
                notifyMembers(groupName);
            }
        });
        parked.removeIf(pull -> pull.channel() == channel);
    }

    private void notifyMembers(String groupName) {
        for (Channel member : groupMembers.getOrDefault(groupName, Map.of()).values()) {
            send(member, RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                    .extFields(new NotifyConsumerIdsChangedRequestHeader(groupName).toExtFields())
                    .oneway()
                    .build());
        }
    }

    private RemotingCommand store(Channel channel, RemotingCommand request) {
        SendMessageRequestHeader header = SendMessageRequestHeader.from(request);
        if (!topics.containsKey(header.topic())) {
            if (!autoCreateTopics && !header.topic().startsWith("%RETRY%")) {
                return request.response(ResponseCode.TOPIC_NOT_EXIST).remark("topic " + header.topic()
                        + " not exist").build();
            }
            ensureTopic(header.topic(), Math.min(header.defaultTopicQueueNums(), 8));
        }
        String topic = header.topic();
        int queueId = header.queueId();
        Map<String, String> properties = header.propertiesMap();
        int reconsumeTimes = header.reconsumeTimes() == null ? 0 : header.reconsumeTimes();
        if (topic.startsWith("%RETRY%")) {
            int max = header.maxReconsumeTimes() == null ? maxReconsumeTimesDefault : header.maxReconsumeTimes();
            String groupName = topic.substring("%RETRY%".length());
            boolean locked = locks.entrySet().stream().anyMatch(lock -> isMember(groupName, lock.getValue()));
            if (reconsumeTimes > max || locked) {
                topic = "%DLQ%" + groupName;
                ensureTopic(topic, 1);
                queueId = 0;
            }
        }
        InetSocketAddress bornHost = (InetSocketAddress) channel.remoteAddress();
        List<String> ids = new ArrayList<>();
        long firstOffset = -1;
        if (header.isBatch()) {
            for (BatchEntry entry : BatchMessageCodec.decode(request.body())) {
                Map<String, String> merged = new LinkedHashMap<>(entry.properties());
                MessageRecord record = append(topic, queueId, entry.body(), entry.flag(), header.sysFlag(), merged,
                        reconsumeTimes, bornHost);
                ids.add(record.offsetMessageId());
                firstOffset = firstOffset < 0 ? record.queueOffset() : firstOffset;
            }
        } else {
            MessageRecord record = append(topic, queueId, request.body(), header.flag(), header.sysFlag(),
                    properties, reconsumeTimes, bornHost);
            ids.add(record.offsetMessageId());
            firstOffset = record.queueOffset();
        }
        return request.response(ResponseCode.SUCCESS)
                .extFields(new SendMessageResponseHeader(String.join(",", ids), header.queueId(), firstOffset,
                        properties.get(PropertyKeys.UNIQ_KEY), null, null, "DefaultRegion", true).toExtFields())
                .build();
    }

    private boolean isMember(String groupName, String clientId) {
        return groupMembers.getOrDefault(groupName, Map.of()).containsKey(clientId);
    }

    private MessageRecord append(String topic, int queueId, byte[] body, int flag, int sysFlag,
                                 Map<String, String> properties, int reconsumeTimes, InetSocketAddress bornHost) {
        List<MessageRecord> queue = ensureTopic(topic, 4).get(queueId);
        MessageRecord record = new MessageRecord(topic, queueId, flag, queue.size(), nextCommitLogOffset, sysFlag,
                System.currentTimeMillis(), bornHost, System.currentTimeMillis(), storeHost, reconsumeTimes, 0,
                body, properties);
        nextCommitLogOffset += MessageCodec.encodedLength(record);
        queue.add(record);
        byCommitLogOffset.put(record.commitLogOffset(), record);
        wakeParked(topic, queueId);
        return record;
    }

    private List<List<MessageRecord>> ensureTopic(String topic, int queueCount) {
        return topics.computeIfAbsent(topic, ignored -> {
            List<List<MessageRecord>> queues = new ArrayList<>();
            for (int i = 0; i < queueCount; i++) {
                queues.add(new ArrayList<>());
            }
            return queues;
        });
    }

    private RemotingCommand pull(Channel channel, RemotingCommand request, boolean mayPark) {
        PullMessageRequestHeader header = PullMessageRequestHeader.from(request);
        List<List<MessageRecord>> queues = topics.get(header.topic());
        if (queues == null) {
            return request.response(ResponseCode.TOPIC_NOT_EXIST).remark("topic not exist").build();
        }
        if (mayPark && header.hasSysFlag(PullSysFlag.COMMIT_OFFSET)) {
            offsets.put(header.consumerGroup() + "@" + header.topic() + "@" + header.queueId(),
                    header.commitOffset());
        }
        Set<Integer> codes = null;
        if (header.hasSysFlag(PullSysFlag.SUBSCRIPTION)) {
            codes = SubscriptionData.ofTags(header.topic(), header.subscription(), 0)
                    .codeSet();
        } else {
            SubscriptionInfo info = subscriptions.getOrDefault(header.consumerGroup(), Map.of()).get(header.topic());
            if (info == null) {
                return request.response(ResponseCode.SUBSCRIPTION_NOT_EXIST).remark("no subscription").build();
            }
            codes = info.codes();
        }
        List<MessageRecord> queue = queues.get(header.queueId());
        long max = queue.size();
        long offset = header.queueOffset();
        if (offset > max) {
            return pullResponse(request, ResponseCode.PULL_OFFSET_MOVED, "OFFSET_OVERFLOW_BADLY", max, max, null);
        }
        if (offset == max) {
            if (mayPark && header.hasSysFlag(PullSysFlag.SUSPEND)) {
                park(channel, request, header);
                return null;
            }
            return pullResponse(request, ResponseCode.PULL_NOT_FOUND, "OFFSET_OVERFLOW_ONE", offset, max, null);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long next = offset;
        int found = 0;
        while (next < max && found < header.maxMsgNums()) {
            MessageRecord record = queue.get((int) next);
            next++;
            if (codes.isEmpty() || codes.contains(TagHash.of(record.tags()))) {
                body.writeBytes(MessageCodec.encode(record));
                found++;
            }
        }
        if (found == 0) {
            return pullResponse(request, ResponseCode.PULL_RETRY_IMMEDIATELY, "NO_MATCHED_MESSAGE", next, max, null);
        }
        return pullResponse(request, ResponseCode.SUCCESS, "FOUND", next, max, body.toByteArray());
    }

    private void park(Channel channel, RemotingCommand request, PullMessageRequestHeader header) {
        ParkedPull[] holder = new ParkedPull[1];
        ScheduledFuture<?> timeout = channel.eventLoop().schedule(() -> {
            if (parked.remove(holder[0])) {
                reply(channel, request, pull(channel, request, false));
            }
        }, header.suspendTimeoutMillis(), TimeUnit.MILLISECONDS);
        holder[0] = new ParkedPull(channel, request, header, timeout);
        parked.add(holder[0]);
    }

    private void wakeParked(String topic, int queueId) {
        List<ParkedPull> woken = new ArrayList<>();
        parked.removeIf(pull -> {
            boolean match = pull.header().topic().equals(topic) && pull.header().queueId() == queueId;
            if (match) {
                woken.add(pull);
            }
            return match;
        });
        for (ParkedPull pull : woken) {
            pull.timeout().cancel(false);
            pull.channel().eventLoop().execute(() -> {
                RemotingCommand response = pull(pull.channel(), pull.request(), false);
                reply(pull.channel(), pull.request(), response);
            });
        }
    }

    private RemotingCommand pullResponse(RemotingCommand request, int code, String remark, long next, long max,
                                         byte[] body) {
        return request.response(code).remark(remark)
                .extFields(new PullMessageResponseHeader(0, next, 0, max, null, 0, 0, null).toExtFields())
                .body(body)
                .build();
    }

    private RemotingCommand queryOffset(RemotingCommand request) {
        QueryConsumerOffsetRequestHeader header = QueryConsumerOffsetRequestHeader.from(request);
        Long offset = offsets.get(header.consumerGroup() + "@" + header.topic() + "@" + header.queueId());
        if (offset == null) {
            return request.response(ResponseCode.QUERY_NOT_FOUND).remark("Not found").build();
        }
        return request.response(ResponseCode.SUCCESS).extField("offset", Long.toString(offset)).build();
    }

    private RemotingCommand updateOffset(RemotingCommand request) {
        UpdateConsumerOffsetRequestHeader header = UpdateConsumerOffsetRequestHeader.from(request);
        offsets.put(header.consumerGroup() + "@" + header.topic() + "@" + header.queueId(), header.commitOffset());
        return request.response(ResponseCode.SUCCESS).extFields(Map.of()).build();
    }

    private RemotingCommand consumerList(RemotingCommand request) {
        String groupName = GetConsumerListByGroupRequestHeader.from(request).consumerGroup();
        Map<String, Channel> members = groupMembers.getOrDefault(groupName, Map.of());
        if (members.isEmpty()) {
            return request.response(ResponseCode.SYSTEM_ERROR).remark("no consumer for this group, " + groupName)
                    .build();
        }
        return request.response(ResponseCode.SUCCESS).extFields(Map.of())
                .body(new ConsumerListBody(List.copyOf(members.keySet())).toJson()).build();
    }

    private RemotingCommand sendBack(RemotingCommand request) {
        ConsumerSendMsgBackRequestHeader header = ConsumerSendMsgBackRequestHeader.from(request);
        MessageRecord original = byCommitLogOffset.get(header.commitLogOffset());
        if (original == null) {
            return request.response(ResponseCode.SYSTEM_ERROR).remark("no message at " + header.commitLogOffset())
                    .build();
        }
        int max = header.maxReconsumeTimes() == null ? maxReconsumeTimesDefault : header.maxReconsumeTimes();
        Map<String, String> properties = new LinkedHashMap<>(original.properties());
        properties.putIfAbsent(PropertyKeys.RETRY_TOPIC, original.topic());
        properties.putIfAbsent(PropertyKeys.ORIGIN_MESSAGE_ID, original.offsetMessageId());
        properties.put(PropertyKeys.WAIT, "false");
        String topic = "%RETRY%" + header.group();
        if (original.reconsumeTimes() >= max || header.delayLevel() < 0) {
            topic = "%DLQ%" + header.group();
        }
        ensureTopic(topic, 1);
        append(topic, 0, original.body(), original.flag(), original.sysFlag(), properties,
                original.reconsumeTimes() + 1, original.bornHost());
        return request.response(ResponseCode.SUCCESS).build();
    }

    private RemotingCommand lock(RemotingCommand request) {
        LockBatchRequestBody body = LockBatchRequestBody.fromJson(request.body());
        Set<MessageQueue> granted = new LinkedHashSet<>();
        for (MessageQueue queue : body.mqSet()) {
            String holder = locks.get(queue);
            if (holder == null || holder.equals(body.clientId())
                    || !isMember(body.consumerGroup(), holder)) {
                locks.put(queue, body.clientId());
                granted.add(queue);
            }
        }
        return request.response(ResponseCode.SUCCESS).body(new LockBatchResponseBody(granted).toJson()).build();
    }

    private RemotingCommand unlock(RemotingCommand request) {
        UnlockBatchRequestBody body = UnlockBatchRequestBody.fromJson(request.body());
        body.mqSet().forEach(queue -> locks.remove(queue, body.clientId()));
        return request.response(ResponseCode.SUCCESS).build();
    }

    private RemotingCommand maxOffset(RemotingCommand request) {
        GetMaxOffsetRequestHeader header = GetMaxOffsetRequestHeader.from(request);
        List<List<MessageRecord>> queues = topics.get(header.topic());
        long max = queues == null ? 0 : queues.get(header.queueId()).size();
        return request.response(ResponseCode.SUCCESS).extField("offset", Long.toString(max)).build();
    }

    private RemotingCommand minOffset(RemotingCommand request) {
        GetMinOffsetRequestHeader.from(request);
        return request.response(ResponseCode.SUCCESS).extField("offset", "0").build();
    }

    private RemotingCommand searchOffset(RemotingCommand request) {
        SearchOffsetRequestHeader header = SearchOffsetRequestHeader.from(request);
        List<MessageRecord> queue = topics.getOrDefault(header.topic(), List.of()).isEmpty()
                ? List.of() : topics.get(header.topic()).get(header.queueId());
        long offset = queue.size();
        for (MessageRecord record : queue) {
            if (record.storeTimestamp() >= header.timestamp()) {
                offset = record.queueOffset();
                break;
            }
        }
        return request.response(ResponseCode.SUCCESS).extField("offset", Long.toString(offset)).build();
    }

    private void onLoop(Runnable task) {
        onLoop(() -> {
            task.run();
            return null;
        });
    }

    private <T> T onLoop(Supplier<T> task) {
        try {
            return group.next().submit(task::get).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
