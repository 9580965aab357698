package io.tandem.client.consumer;

import io.tandem.client.ClientConfig;
import io.tandem.client.MqClientException;
import io.tandem.client.internal.Calls;
import io.tandem.client.internal.ClientInstance;
import io.tandem.client.internal.HeartbeatSource;
import io.tandem.client.internal.MessageSender;
import io.tandem.client.internal.MessageTracer;
import io.tandem.client.internal.Names;
import io.tandem.client.internal.QueueOffsets;
import io.tandem.client.internal.SendSettings;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.CheckClientRequestBody;
import io.tandem.protocol.body.ConsumeType;
import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.ConsumerRunningInfo;
import io.tandem.protocol.body.MessageModel;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.ResetOffsetBody;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.protocol.header.GetConsumerRunningInfoRequestHeader;
import io.tandem.protocol.header.ResetOffsetRequestHeader;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Consumes subscribed topics by pulling them in the background and calling a listener: concurrently
 * ({@link #concurrent}) or per queue in order ({@link #orderly}). The group's members share each topic's queues
 * (clustering, the average allocation over sorted member ids, redone every
 * {@link PushConsumerConfig#rebalanceInterval()}, as soon as a broker reports a membership change and as soon as a
 * subscribed topic's route changes) or each member reads every queue (broadcasting). Every owned queue has one
 * long-polling pull in flight; consumed offsets are committed every
 * {@link PushConsumerConfig#offsetCommitInterval()}, when a queue moves to another member and on {@link #close()}.
 * An offset reset an operator asks a broker for (RESET_CONSUMER_CLIENT_OFFSET, 220, e.g. {@code mqadmin
 * resetOffsetByTime} or the admin console) drops what the member holds of the topic's queues, commits the new offsets
 * and continues from them.
 * Failed messages come back later through the group's retry topic {@code %RETRY%<group>} (which clustering consumers
 * subscribe automatically) and end in {@code %DLQ%<group>} after the maximum reconsume count.
 *
 * <p>Delivery is at least once: after a crash, a rebalance or a retry a message may be delivered again, so
 * listeners should be idempotent (the message id is the producer's unique key).
 *
 * <p>Thread-safe. {@link #subscribe} may be called before or after {@link #start()}. Failures of the background
 * work (unreachable brokers, refused pulls) are logged and retried; {@link #start()} throws
 * {@link MqClientException} only for misuse (no subscription, started twice, closed) and for a SQL92 selector that a
 * reachable broker of its topic refuses (its property filter is off, or the expression does not parse).
 */
public final class PushConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushConsumer.class);
    /** The client version reported in running info: the reference version whose behaviour this client follows. */
    private static final String CLIENT_VERSION = "V5_3_3";
    private static final Comparator<MessageQueue> QUEUE_ORDER = Comparator.comparing(MessageQueue::topic)
            .thenComparing(MessageQueue::brokerName).thenComparingInt(MessageQueue::queueId);
    /** Reference default when no timestamp is configured: start 30 minutes back. */
    static final Duration DEFAULT_TIMESTAMP_LOOKBACK = Duration.ofMinutes(30);

    private enum State { CREATED, RUNNING, CLOSED }

    private final PushConsumerConfig config;
    private final boolean orderly;
    private final ClientInstance instance;
    private final Subscriptions subscriptions;
    private final QueueOffsets queueOffsets;
    private final OffsetStore offsets;
    private final QueueLocks locks;
    private final Consumption consumption;
    private final PushPuller puller;
    private final Rebalancer rebalancer;
    private final HeartbeatSource heartbeat;
    private final Map<MessageQueue, ProcessQueue> owned = new ConcurrentHashMap<>();
    private final List<ClientInstance.Periodic> duties = new CopyOnWriteArrayList<>();
    private final StartOffsets startOffsets;
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private volatile long startedAtMs;

    private PushConsumer(ClientConfig clientConfig, PushConsumerConfig config, ConcurrentListener concurrent,
                         OrderlyListener orderlyListener) {
        this.config = Objects.requireNonNull(config, "config");
        this.orderly = orderlyListener != null;
        this.instance = new ClientInstance(Objects.requireNonNull(clientConfig, "clientConfig"), null);
        this.subscriptions = new Subscriptions(clientConfig.clock());
        this.queueOffsets = new QueueOffsets(instance);
        this.offsets = config.messageModel() == MessageModel.CLUSTERING
                ? new BrokerOffsetStore(config.consumerGroup(), queueOffsets)
                : new LocalOffsetStore(config.localOffsetDirectory(), config.consumerGroup());
        this.locks = new QueueLocks(instance, config.consumerGroup());
        SendBack sendBack = new SendBack(instance, config.consumerGroup(), config.effectiveMaxReconsumeTimes(orderly),
                new MessageSender(instance, ClientInstance.INNER_PRODUCER_GROUP, SendSettings.DEFAULTS),
                config::retryDelayLevel);
        this.consumption = orderly
                ? new OrderlyConsumption(orderlyListener, config, instance, offsets, sendBack)
                : new ConcurrentConsumption(concurrent, config, instance, offsets, sendBack);
        this.puller = new PushPuller(instance, config, subscriptions, offsets, consumption, orderly,
                this::offsetMoved);
        this.rebalancer = new Rebalancer(instance, config.consumerGroup(), config.messageModel(), subscriptions,
                this::assign);
        this.heartbeat = new HeartbeatSource() {
            @Override
            public Set<ConsumerData> consumerData() {
                return Set.of(new ConsumerData(config.consumerGroup(), ConsumeType.CONSUME_PASSIVELY,
                        config.messageModel(), config.consumeFrom().wire(), new LinkedHashSet<>(subscriptions.all()),
                        false));
            }
        };
        long consumeTimestampMs = config.consumeTimestamp() != null ? config.consumeTimestamp().toEpochMilli()
                : clientConfig.clock().millis() - DEFAULT_TIMESTAMP_LOOKBACK.toMillis();
        this.startOffsets = new StartOffsets(offsets, queueOffsets, config.consumeFrom(), consumeTimestampMs);
    }

    /** A consumer calling {@code listener} concurrently; call {@link #subscribe} and {@link #start()} next. */
    public static PushConsumer concurrent(ClientConfig clientConfig, PushConsumerConfig config,
                                          ConcurrentListener listener) {
        return new PushConsumer(clientConfig, config, Objects.requireNonNull(listener, "listener"), null);
    }

    /** A consumer calling {@code listener} for each queue in order; call {@link #subscribe} and {@link #start()}. */
    public static PushConsumer orderly(ClientConfig clientConfig, PushConsumerConfig config,
                                       OrderlyListener listener) {
        return new PushConsumer(clientConfig, config, null, Objects.requireNonNull(listener, "listener"));
    }

    public PushConsumerConfig config() {
        return config;
    }

    /** The id the group's brokers know this member by. */
    public String clientId() {
        return instance.clientId();
    }

    /**
     * Subscribes {@code topic} with a tag expression: {@code "*"} (or null) for every message, or tags separated by
     * {@code ||} (for example {@code "TagA || TagB"}). Replaces an earlier expression for the topic. After start the
     * brokers are told at once and the queues are rebalanced.
     *
     * @throws IllegalArgumentException if the topic name is invalid
     */
    public PushConsumer subscribe(String topic, String expression) {
        return subscribe(topic, MessageSelector.byTag(expression));
    }

    /**
     * Subscribes {@code topic} with a tag or SQL92 selector, replacing an earlier one for the topic. A SQL92 selector
     * is checked with every master broker of the topic when the consumer starts, or at once when it runs; brokers
     * that cannot be reached then are not asked, and refuse the pulls later if they cannot serve the selector. After
     * start the brokers are told at once and the queues are rebalanced.
     *
     * @throws IllegalArgumentException if the topic name is invalid
     * @throws MqClientException        if the consumer runs and a broker refuses the SQL92 selector; the earlier
     *                                  subscription of the topic, if any, is then gone
     */
    public PushConsumer subscribe(String topic, MessageSelector selector) {
        subscriptions.add(topic, Objects.requireNonNull(selector, "selector"));
        instance.watchTopic(topic);
        if (isRunning()) {
            refreshRoutes(List.of(topic));
            try {
                checkSelectors(List.of(topic));
            } catch (MqClientException e) {
                unsubscribe(topic);
                throw e;
            }
            refreshAfterSubscriptionChange(topic);
        }
        return this;
    }

    /** Stops consuming {@code topic}; its queues are released at once when running. */
    public void unsubscribe(String topic) {
        subscriptions.remove(topic);
        instance.unwatchTopic(topic);
        if (isRunning()) {
            instance.sendHeartbeats();
            rebalancer.rebalance();
        }
    }

    /**
     * Starts consuming: reads the routes of the subscribed topics, heartbeats their brokers, takes its share of the
     * queues, and starts the pull loops and timers.
     *
     * @throws MqClientException if nothing is subscribed, the consumer was started or closed before, or a broker
     *                           refuses a SQL92 selector (the consumer is closed then)
     */
    public PushConsumer start() {
        if (subscriptions.isEmpty()) {
            throw new MqClientException("consumer " + config.consumerGroup() + " subscribes nothing; call subscribe()"
                    + " before start()");
        }
        if (!state.compareAndSet(State.CREATED, State.RUNNING)) {
            throw new MqClientException("consumer " + config.consumerGroup() + " was already "
                    + (state.get() == State.RUNNING ? "started" : "closed"));
        }
        if (config.messageModel() == MessageModel.CLUSTERING) {
            String retryTopic = Names.retryTopic(config.consumerGroup());
            subscriptions.add(retryTopic, "*");
            instance.watchTopic(retryTopic);
        }
        instance.addHeartbeatSource(heartbeat);
        instance.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (address, request) -> {
            rebalancer.request();
            return null;
        });
        instance.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, this::runningInfo);
        instance.registerProcessor(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, this::resetOffsets);
        // A broker group joining or leaving a subscribed topic changes its queues: divide them again at once.
        instance.addRouteListener(topic -> {
            if (subscriptions.topics().contains(topic)) {
                rebalancer.request();
            }
        });
        startedAtMs = instance.config().clock().millis();
        instance.start();
        refreshRoutes(subscriptions.topics());
        try {
            checkSelectors(subscriptions.topics());
        } catch (MqClientException e) {
            close();
            throw e;
        }
        instance.sendHeartbeats();
        refreshRoutes(subscriptions.topics());
        rebalancer.rebalance();
        duties.add(instance.schedulePeriodically("rebalance of " + config.consumerGroup(), rebalancer::rebalance,
                config.rebalanceInterval(), config.rebalanceInterval()));
        duties.add(instance.schedulePeriodically("offset commit of " + config.consumerGroup(),
                () -> offsets.persist(owned.keySet()), config.offsetCommitInterval(), config.offsetCommitInterval()));
        if (orderly && config.messageModel() == MessageModel.CLUSTERING) {
            duties.add(instance.schedulePeriodically("lock renewal of " + config.consumerGroup(), this::renewLocks,
                    config.lockRenewInterval(), config.lockRenewInterval()));
        }
        return this;
    }

    /** The queues this member consumes now. */
    public Set<MessageQueue> assignedQueues() {
        return Set.copyOf(owned.keySet());
    }

    private boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    private void refreshAfterSubscriptionChange(String topic) {
        refreshRoutes(List.of(topic));
        instance.sendHeartbeats();
        refreshRoutes(List.of(topic));
        rebalancer.rebalance();
    }

    /**
     * Asks every master broker of each topic with a SQL92 selector whether it can serve it (CHECK_CLIENT_CONFIG, fact
     * sheet 7.4 step 3), before the selector is announced in heartbeats.
     *
     * @throws MqClientException naming the topic, the expression and the broker's reason if one refuses
     */
    private void checkSelectors(List<String> topics) {
        for (String topic : topics) {
            SubscriptionData subscription = subscriptions.get(topic);
            TopicRouteData route = instance.routes().route(topic);
            if (subscription == null || !subscription.usesSql92() || route == null) {
                continue;
            }
            byte[] body = new CheckClientRequestBody(instance.clientId(), config.consumerGroup(), subscription)
                    .toJson();
            for (BrokerData broker : route.brokerDatas()) {
                String address = broker.masterAddress();
                if (address == null) {
                    continue;
                }
                RemotingCommand response;
                try {
                    response = instance.invokeSync(address, RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG)
                            .body(body).build());
                } catch (MqClientException e) {
                    LOG.warn("Could not ask broker {} whether it serves the SQL92 selector of {} on {}: {}",
                            broker.brokerName(), config.consumerGroup(), topic, e.toString());
                    continue;
                }
                if (response.code() != ResponseCode.SUCCESS) {
                    throw new MqClientException("consumer " + config.consumerGroup() + " cannot select messages of "
                            + topic + " with SQL92 '" + subscription.subString() + "': broker " + broker.brokerName()
                            + " refused it (code " + response.code() + "): " + response.remark());
                }
            }
        }
    }

    private void refreshRoutes(List<String> topics) {
        for (String topic : topics) {
            try {
                Calls.await(instance.updateRoute(topic));
            } catch (MqClientException e) {
                LOG.debug("Route of {} not available yet: {}", topic, e.toString());
            }
        }
    }

    /** Rebalance outcome for one topic: give up queues no longer ours, take up new ones. */
    private void assign(String topic, List<MessageQueue> queues) {
        if (!isRunning()) {
            return;
        }
        Set<MessageQueue> wanted = new HashSet<>(queues);
        for (ProcessQueue queue : List.copyOf(owned.values())) {
            if (queue.queue().topic().equals(topic) && !wanted.contains(queue.queue())) {
                release(queue);
            }
        }
        List<MessageQueue> added = queues.stream().filter(queue -> !owned.containsKey(queue)).toList();
        if (added.isEmpty()) {
            return;
        }
        Set<MessageQueue> granted = orderly && config.messageModel() == MessageModel.CLUSTERING
                ? locks.lock(added) : Set.copyOf(added);
        for (MessageQueue queue : added) {
            if (granted.contains(queue)) {
                take(queue);
            }
        }
    }

    private void take(MessageQueue queue) {
        ProcessQueue processQueue = new ProcessQueue(queue);
        OptionalLong offset;
        try {
            offset = startOffsets.take(queue, () -> {
                processQueue.locked(true, instance.config().clock().millis());
                return owned.putIfAbsent(queue, processQueue) == null;
            });
        } catch (MqClientException e) {
            LOG.warn("Cannot find where {} should consume {}; trying again at the next rebalance: {}",
                    config.consumerGroup(), queue, e.toString());
            return;
        }
        if (offset.isPresent()) {
            LOG.debug("{} of {} takes {} at offset {}", instance.clientId(), config.consumerGroup(), queue,
                    offset.getAsLong());
            puller.start(processQueue, offset.getAsLong());
        }
    }

    private void release(ProcessQueue queue) {
        queue.drop();
        owned.remove(queue.queue(), queue);
        if (orderly && config.messageModel() == MessageModel.CLUSTERING) {
            instance.execute("release of " + queue.queue(), () -> releaseLocked(queue));
        } else {
            offsets.persistAndWait(List.of(queue.queue()));
            offsets.forget(queue.queue());
        }
        LOG.debug("{} of {} gave up {}", instance.clientId(), config.consumerGroup(), queue.queue());
    }

    /** Orderly: commits and unlocks once the batch in progress (if any) is done, so no two members overlap. */
    private void releaseLocked(ProcessQueue queue) {
        boolean idle = false;
        try {
            idle = queue.consumeLock.tryLock(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
            offsets.persistAndWait(List.of(queue.queue()));
            offsets.forget(queue.queue());
            if (idle) {
                locks.unlock(List.of(queue.queue()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (idle) {
                queue.consumeLock.unlock();
            }
        }
    }

    private void offsetMoved(ProcessQueue queue, long nextOffset) {
        queue.drop();
        owned.remove(queue.queue(), queue);
        offsets.update(queue.queue(), nextOffset, false);
        offsets.persistAndWait(List.of(queue.queue()));
        offsets.forget(queue.queue());
        if (orderly && config.messageModel() == MessageModel.CLUSTERING) {
            locks.unlock(List.of(queue.queue()));
        }
        rebalancer.request();
    }

    /**
     * Answers GET_CONSUMER_RUNNING_INFO (307), which a broker relays from an admin ({@code mqadmin consumerStatus}):
     * this member's settings, subscriptions and, for each owned queue, the offset it commits next and what it holds.
     * Rates are not measured, so the status table is empty; a thread dump is added when asked for.
     */
    private RemotingCommand runningInfo(String address, RemotingCommand request) {
        GetConsumerRunningInfoRequestHeader header = GetConsumerRunningInfoRequestHeader.from(request);
        if (!header.consumerGroup().equals(config.consumerGroup())) {
            return request.response(ResponseCode.SYSTEM_ERROR).remark("The Consumer Group <"
                    + header.consumerGroup() + "> not exist in this consumer").build();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(ConsumerRunningInfo.PROP_NAMESERVER_ADDR,
                String.join(";", instance.config().nameServerAddresses()));
        properties.put(ConsumerRunningInfo.PROP_THREADPOOL_CORE_SIZE, String.valueOf(config.consumeThreads()));
        properties.put(ConsumerRunningInfo.PROP_CONSUME_ORDERLY, String.valueOf(orderly));
        properties.put(ConsumerRunningInfo.PROP_CONSUME_TYPE, ConsumeType.CONSUME_PASSIVELY.name());
        properties.put(ConsumerRunningInfo.PROP_CLIENT_VERSION, CLIENT_VERSION);
        properties.put(ConsumerRunningInfo.PROP_CONSUMER_START_TIMESTAMP, String.valueOf(startedAtMs));
        properties.put("consumerGroup", config.consumerGroup());
        properties.put("messageModel", config.messageModel().name());
        properties.put("consumeFromWhere", config.consumeFrom().wire().name());
        properties.put("consumeThreadMin", String.valueOf(config.consumeThreads()));
        properties.put("consumeThreadMax", String.valueOf(config.consumeThreads()));
        properties.put("consumeMessageBatchMaxSize", String.valueOf(config.consumeBatchSize()));
        properties.put("pullBatchSize", String.valueOf(config.pullBatchSize()));
        properties.put("maxReconsumeTimes", String.valueOf(config.effectiveMaxReconsumeTimes(orderly)));
        properties.put("clientId", instance.clientId());
        MessageTracer tracer = instance.tracer();
        properties.put("enableMsgTrace", String.valueOf(tracer != null));
        if (tracer != null) {
            properties.put("traceTopic", tracer.traceTopic());
        }
        Map<MessageQueue, ConsumerRunningInfo.ProcessQueueInfo> queues = new TreeMap<>(QUEUE_ORDER);
        for (ProcessQueue queue : owned.values()) {
            queues.put(queue.queue(), queue.info(offsets.inMemory(queue.queue())));
        }
        String jstack = Boolean.TRUE.equals(header.jstackEnable()) ? threadDump() : null;
        ConsumerRunningInfo info = new ConsumerRunningInfo(properties, subscriptions.all().stream()
                .sorted(Comparator.comparing(SubscriptionData::topic)).toList(), queues, Map.of(), jstack);
        return request.response(ResponseCode.SUCCESS).body(info.toJson()).build();
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            dump.append(thread.getName()).append(" (").append(thread.getState()).append(")\n");
            for (StackTraceElement frame : frames) {
                dump.append("\tat ").append(frame).append('\n');
            }
        });
        return dump.toString();
    }

    /**
     * Handles RESET_CONSUMER_CLIENT_OFFSET (220, oneway), which a broker sends to the live members of a group when an
     * operator resets its offsets ({@code mqadmin resetOffsetByTime}): every queue of the topic in the table is
     * committed at its new offset; an owned queue is first dropped (what it holds is discarded, results of listener
     * calls in progress are not committed) and taken up again by the next rebalance from the new offset.
     */
    private RemotingCommand resetOffsets(String address, RemotingCommand request) {
        ResetOffsetRequestHeader header = ResetOffsetRequestHeader.from(request);
        if (!header.group().equals(config.consumerGroup()) || !isRunning()) {
            return null;
        }
        Map<MessageQueue, Long> table = ResetOffsetBody.fromJson(request.body()).offsetTable();
        instance.execute("offset reset of " + config.consumerGroup(), () -> {
            List<MessageQueue> moved = new ArrayList<>();
            table.forEach((queue, offset) -> {
                if (!queue.topic().equals(header.topic())) {
                    return;
                }
                ProcessQueue processQueue = owned.get(queue);
                if (processQueue != null) {
                    moveTo(processQueue, offset);
                } else {
                    offsets.update(queue, offset, false);
                    moved.add(queue);
                }
            });
            offsets.persistAndWait(moved);
            moved.forEach(offsets::forget);
            LOG.info("{} of {} reset the offsets of {} to {} on request of {}", instance.clientId(),
                    config.consumerGroup(), header.topic(), table.values(), address);
            rebalancer.request();
        });
        return null;
    }

    /** Gives up {@code queue}, commits {@code offset} for it and waits for the broker to store it. */
    private void moveTo(ProcessQueue queue, long offset) {
        queue.drop();
        owned.remove(queue.queue(), queue);
        if (orderly && config.messageModel() == MessageModel.CLUSTERING) {
            boolean idle = false;
            try {
                idle = queue.consumeLock.tryLock(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                commitMoved(queue.queue(), offset);
                locks.unlock(List.of(queue.queue()));
            } finally {
                if (idle) {
                    queue.consumeLock.unlock();
                }
            }
        } else {
            commitMoved(queue.queue(), offset);
        }
    }

    private void commitMoved(MessageQueue queue, long offset) {
        offsets.update(queue, offset, false);
        offsets.persistAndWait(List.of(queue));
        offsets.forget(queue);
    }

    private void renewLocks() {
        List<MessageQueue> queues = List.copyOf(owned.keySet());
        if (queues.isEmpty()) {
            return;
        }
        Set<MessageQueue> granted = locks.lock(queues);
        long now = instance.config().clock().millis();
        for (MessageQueue queue : queues) {
            ProcessQueue processQueue = owned.get(queue);
            if (processQueue != null) {
                processQueue.locked(granted.contains(queue), now);
            }
        }
    }

    /**
     * Stops gracefully: no new pulls or listener calls; waits up to {@link PushConsumerConfig#shutdownTimeout()}
     * for listener calls in progress; commits the consumed offsets and waits for the brokers to store them;
     * releases orderly queue locks; unregisters from the brokers (which tells the other members to rebalance) and
     * closes the connections. Messages pulled but not yet consumed are delivered again to whoever owns their queue
     * next. Idempotent.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        if (previous == State.CREATED) {
            consumption.shutdown(Duration.ofMillis(1));
            instance.close();
            return;
        }
        duties.forEach(ClientInstance.Periodic::cancel);
        rebalancer.stop();
        puller.stop();
        consumption.shutdown(config.shutdownTimeout());
        List<MessageQueue> queues = List.copyOf(owned.keySet());
        owned.values().forEach(ProcessQueue::drop);
        offsets.persistAndWait(queues);
        if (orderly && config.messageModel() == MessageModel.CLUSTERING && !queues.isEmpty()) {
            locks.unlock(queues);
        }
        instance.removeHeartbeatSource(heartbeat);
        instance.unregister(null, config.consumerGroup());
        instance.unregister(ClientInstance.INNER_PRODUCER_GROUP, null);
        instance.close();
        owned.clear();
    }
}
