package io.tandem.client.consumer;

import io.tandem.client.ClientConfig;
import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.TopicNotFoundException;
import io.tandem.client.internal.Calls;
import io.tandem.client.internal.ClientInstance;
import io.tandem.client.internal.HeartbeatSource;
import io.tandem.client.internal.QueueOffsets;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.body.ConsumeType;
import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.MessageModel;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Consumes by polling, like the reference lite pull consumer (fact sheet 7.6): either {@link #subscribe} topics and
 * share their queues with the group's other members (rebalanced as for push consumers), or {@link #assign} queues
 * yourself. Owned queues are pulled in the background (long polling, PULL_MESSAGE with the expression in the
 * request) into a buffer that {@link #poll} drains, one pulled batch of one queue per call.
 *
 * <p>The consumer's position in a queue is one past the last message {@link #poll} returned, or where
 * {@link #seek} put it. {@link #commit()} and {@link #commitSync()} store the positions of every owned queue as the
 * group's offsets; with {@link PullConsumerConfig#autoCommit()} that happens every
 * {@link PullConsumerConfig#autoCommitInterval()}, when a queue moves to another member, and on close. Delivery is at
 * least once.
 *
 * <p>Thread-safe, though a single polling thread is the usual use. Misuse (mixing subscribe and assign, seeking a
 * queue that is not owned, polling a closed consumer) throws {@link MqClientException} or
 * {@link IllegalStateException}; broker failures in the background are logged and retried.
 */
public final class PullConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PullConsumer.class);
    private static final Duration FLOW_CONTROL_DELAY = Duration.ofMillis(50);
    /** The reference lite pull consumer marks its client id so brokers can tell it apart (fact sheet 1.6). */
    private static final String CLIENT_ID_SUFFIX = "@STREAM";

    private enum State { CREATED, RUNNING, CLOSED }

    private enum Mode { UNDECIDED, SUBSCRIBE, ASSIGN }

    /** The pull state of one owned queue; a seek starts a new generation and stops the previous pull loop. */
    private static final class OwnedQueue {
        final MessageQueue queue;
        final AtomicLong generation = new AtomicLong();
        final AtomicInteger cached = new AtomicInteger();
        volatile boolean removed;

        OwnedQueue(MessageQueue queue) {
            this.queue = queue;
        }
    }

    private record Batch(OwnedQueue owner, long generation, List<ReceivedMessage> messages) {
    }

    private static final Batch CLOSED_MARKER = new Batch(null, -1, List.of());

    private final PullConsumerConfig config;
    private final ClientInstance instance;
    private final Subscriptions subscriptions;
    private final QueueOffsets queueOffsets;
    private final BrokerOffsetStore offsets;
    private final StartOffsets startOffsets;
    private final Rebalancer rebalancer;
    private final HeartbeatSource heartbeat;
    private final Map<MessageQueue, OwnedQueue> owned = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Batch> ready = new LinkedBlockingQueue<>();
    private final List<ClientInstance.Periodic> duties = new CopyOnWriteArrayList<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private volatile Mode mode = Mode.UNDECIDED;
    private volatile Set<MessageQueue> assignment = Set.of();

    private PullConsumer(ClientConfig clientConfig, PullConsumerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.instance = new ClientInstance(Objects.requireNonNull(clientConfig, "clientConfig"), CLIENT_ID_SUFFIX);
        this.subscriptions = new Subscriptions(clientConfig.clock());
        this.queueOffsets = new QueueOffsets(instance);
        this.offsets = new BrokerOffsetStore(config.consumerGroup(), queueOffsets);
        long timestampMs = config.consumeTimestamp() != null ? config.consumeTimestamp().toEpochMilli()
                : clientConfig.clock().millis() - PushConsumer.DEFAULT_TIMESTAMP_LOOKBACK.toMillis();
        this.startOffsets = new StartOffsets(offsets, queueOffsets, config.consumeFrom(), timestampMs);
        this.rebalancer = new Rebalancer(instance, config.consumerGroup(), MessageModel.CLUSTERING, subscriptions,
                this::assignTopic);
        this.heartbeat = new HeartbeatSource() {
            @Override
            public Set<ConsumerData> consumerData() {
                return Set.of(new ConsumerData(config.consumerGroup(), ConsumeType.CONSUME_ACTIVELY,
                        MessageModel.CLUSTERING, config.consumeFrom().wire(),
                        new LinkedHashSet<>(subscriptions.all()), false));
            }
        };
    }

    /** A consumer; call {@link #subscribe} or {@link #assign}, then {@link #start()}. */
    public static PullConsumer create(ClientConfig clientConfig, PullConsumerConfig config) {
        return new PullConsumer(clientConfig, config);
    }

    public PullConsumerConfig config() {
        return config;
    }

    /** The id the group's brokers know this consumer by. */
    public String clientId() {
        return instance.clientId();
    }

    /**
     * Subscribes {@code topic} with a tag expression ({@code *} or {@code a || b}); its queues are shared with the
     * group's other subscribing members.
     *
     * @throws IllegalStateException if queues were assigned with {@link #assign}
     */
    public synchronized PullConsumer subscribe(String topic, String expression) {
        chooseMode(Mode.SUBSCRIBE);
        subscriptions.add(topic, expression);
        instance.watchTopic(topic);
        if (state.get() == State.RUNNING) {
            refreshRoutes(List.of(topic));
            instance.sendHeartbeats();
            rebalancer.rebalance();
        }
        return this;
    }

    /**
     * Consumes exactly {@code queues} (replacing an earlier assignment), without group coordination. Every message
     * is delivered; there is no tag filter.
     *
     * @throws IllegalStateException if topics were subscribed with {@link #subscribe}
     */
    public synchronized PullConsumer assign(Collection<MessageQueue> queues) {
        chooseMode(Mode.ASSIGN);
        assignment = Set.copyOf(queues);
        for (MessageQueue queue : assignment) {
            if (subscriptions.get(queue.topic()) == null) {
                subscriptions.add(queue.topic(), SubscriptionData.SUBSCRIBE_ALL);
            }
            instance.watchTopic(queue.topic());
        }
        if (state.get() == State.RUNNING) {
            applyAssignment();
        }
        return this;
    }

    private void chooseMode(Mode wanted) {
        if (mode != Mode.UNDECIDED && mode != wanted) {
            throw new IllegalStateException("a pull consumer either subscribes or assigns queues, not both");
        }
        mode = wanted;
    }

    /**
     * Starts pulling: for subscriptions, registers with the brokers and takes a share of the queues; for an
     * assignment, starts its queues.
     *
     * @throws MqClientException if nothing was subscribed or assigned, or the consumer was started or closed before
     */
    public PullConsumer start() {
        if (mode == Mode.UNDECIDED) {
            throw new MqClientException("pull consumer " + config.consumerGroup() + " neither subscribes nor is"
                    + " assigned anything; call subscribe() or assign() before start()");
        }
        if (!state.compareAndSet(State.CREATED, State.RUNNING)) {
            throw new MqClientException("pull consumer " + config.consumerGroup() + " was already "
                    + (state.get() == State.RUNNING ? "started" : "closed"));
        }
        instance.start();
        if (mode == Mode.SUBSCRIBE) {
            instance.addHeartbeatSource(heartbeat);
            instance.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (address, request) -> {
                rebalancer.request();
                return null;
            });
            // A subscribed topic created after the start, or whose queues changed: divide its queues at once.
            instance.addRouteListener(topic -> {
                if (subscriptions.topics().contains(topic)) {
                    rebalancer.request();
                }
            });
            refreshRoutes(subscriptions.topics());
            instance.sendHeartbeats();
            rebalancer.rebalance();
            duties.add(instance.schedulePeriodically("rebalance of " + config.consumerGroup(),
                    rebalancer::rebalance, config.rebalanceInterval(), config.rebalanceInterval()));
        } else {
            synchronized (this) {
                refreshRoutes(subscriptions.topics());
                applyAssignment();
            }
        }
        if (config.autoCommit()) {
            duties.add(instance.schedulePeriodically("offset commit of " + config.consumerGroup(), this::commit,
                    config.autoCommitInterval(), config.autoCommitInterval()));
        }
        return this;
    }

    /**
     * Waits up to {@code timeout} for pulled messages and returns the next batch (messages of one queue, in offset
     * order); empty when none arrived in time or the consumer was closed meanwhile. The queue's position moves past
     * the returned messages.
     *
     * @throws MqClientException if the consumer is not running
     */
    public List<ReceivedMessage> poll(Duration timeout) {
        if (state.get() != State.RUNNING) {
            throw new MqClientException("pull consumer " + config.consumerGroup() + " is not running");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Batch batch;
            try {
                batch = ready.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            if (batch == null) {
                return List.of();
            }
            if (batch == CLOSED_MARKER) {
                ready.offer(CLOSED_MARKER);
                return List.of();
            }
            OwnedQueue owner = batch.owner();
            owner.cached.addAndGet(-batch.messages().size());
            if (owner.removed || owner.generation.get() != batch.generation()) {
                continue;
            }
            offsets.update(owner.queue, batch.messages().get(batch.messages().size() - 1).queueOffset() + 1, false);
            return batch.messages();
        }
    }

    /**
     * Moves the position in {@code queue} to {@code offset}: the next poll of that queue starts there and buffered
     * messages of it are dropped.
     *
     * @throws IllegalStateException if this consumer does not own the queue now
     */
    public void seek(MessageQueue queue, long offset) {
        OwnedQueue ownedQueue = owned.get(queue);
        if (ownedQueue == null) {
            throw new IllegalStateException(queue + " is not owned by this consumer; owned: " + owned.keySet());
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        long generation = ownedQueue.generation.incrementAndGet();
        offsets.update(queue, offset, false);
        pull(ownedQueue, generation, offset);
    }

    /** Moves the position in {@code queue} to its oldest stored message. */
    public void seekToBegin(MessageQueue queue) {
        seek(queue, queueOffsets.minOffset(queue));
    }

    /** Moves the position in {@code queue} to its end: only messages stored from now on are polled. */
    public void seekToEnd(MessageQueue queue) {
        seek(queue, queueOffsets.maxOffset(queue));
    }

    /** Commits the positions of every owned queue as the group's offsets, oneway (not waiting for the brokers). */
    public void commit() {
        offsets.persist(owned.keySet());
    }

    /**
     * Commits the positions of every owned queue and waits until every broker stored them.
     *
     * @throws MqClientException the first failure
     */
    public void commitSync() {
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        for (MessageQueue queue : owned.keySet()) {
            long offset = offsets.inMemory(queue);
            if (offset >= 0) {
                commits.add(queueOffsets.commit(config.consumerGroup(), queue, offset, false));
            }
        }
        Calls.await(CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)));
    }

    /** The offset the group committed for {@code queue} on its broker, or -1 when it has none. */
    public long committed(MessageQueue queue) {
        return queueOffsets.consumerOffset(config.consumerGroup(), queue);
    }

    /** The current position in an owned queue (the next offset to poll), or -1. */
    public long position(MessageQueue queue) {
        return offsets.inMemory(queue);
    }

    /**
     * The readable queues of {@code topic}, from the name servers.
     *
     * @throws TopicNotFoundException if the topic has no route
     */
    public List<MessageQueue> fetchMessageQueues(String topic) {
        TopicRouteData route = Calls.await(instance.updateRoute(topic));
        if (route == null) {
            throw new TopicNotFoundException(topic, null);
        }
        return instance.routes().readableQueues(topic);
    }

    /** The queues this consumer owns now. */
    public Set<MessageQueue> assignment() {
        return Set.copyOf(owned.keySet());
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

    private void applyAssignment() {
        Set<MessageQueue> wanted = assignment;
        for (OwnedQueue queue : List.copyOf(owned.values())) {
            if (!wanted.contains(queue.queue)) {
                release(queue);
            }
        }
        for (MessageQueue queue : wanted) {
            if (!owned.containsKey(queue)) {
                take(queue);
            }
        }
    }

    private void assignTopic(String topic, List<MessageQueue> queues) {
        if (state.get() != State.RUNNING) {
            return;
        }
        Set<MessageQueue> wanted = new HashSet<>(queues);
        for (OwnedQueue queue : List.copyOf(owned.values())) {
            if (queue.queue.topic().equals(topic) && !wanted.contains(queue.queue)) {
                release(queue);
            }
        }
        for (MessageQueue queue : queues) {
            if (!owned.containsKey(queue)) {
                take(queue);
            }
        }
    }

    private void take(MessageQueue queue) {
        OwnedQueue ownedQueue = new OwnedQueue(queue);
        OptionalLong offset;
        try {
            offset = startOffsets.take(queue, () -> owned.putIfAbsent(queue, ownedQueue) == null);
        } catch (MqClientException e) {
            LOG.warn("Cannot find where {} should read {}; trying again later: {}", config.consumerGroup(), queue,
                    e.toString());
            if (mode == Mode.ASSIGN) {
                instance.schedule("start of " + queue, this::retryAssignment, config.pullRetryDelay());
            }
            return;
        }
        if (offset.isPresent()) {
            pull(ownedQueue, ownedQueue.generation.get(), offset.getAsLong());
        }
    }

    private synchronized void retryAssignment() {
        if (state.get() == State.RUNNING) {
            applyAssignment();
        }
    }

    private void release(OwnedQueue queue) {
        queue.removed = true;
        queue.generation.incrementAndGet();
        owned.remove(queue.queue, queue);
        if (config.autoCommit()) {
            offsets.persistAndWait(List.of(queue.queue));
        }
        offsets.forget(queue.queue);
    }

    private void pull(OwnedQueue queue, long generation, long offset) {
        if (state.get() != State.RUNNING || queue.removed || queue.generation.get() != generation) {
            return;
        }
        if (queue.cached.get() >= config.maxCachedMessagesPerQueue()) {
            pullLater(queue, generation, offset, FLOW_CONTROL_DELAY);
            return;
        }
        MessageQueue mq = queue.queue;
        SubscriptionData subscription = subscriptions.get(mq.topic());
        String address = instance.routes().masterAddress(mq.brokerName());
        if (subscription == null || address == null) {
            if (address == null) {
                // The group has no known leader (between a failover and the successor's registration).
                instance.refreshRoute(mq.topic());
            }
            pullLater(queue, generation, offset, config.pullRetryDelay());
            return;
        }
        PullMessageRequestHeader header = new PullMessageRequestHeader(config.consumerGroup(), mq.topic(),
                mq.queueId(), offset, config.pullBatchSize(), PullSysFlag.SUSPEND | PullSysFlag.SUBSCRIPTION, 0,
                config.longPollingSuspend().toMillis(), subscription.subString(), 0,
                SubscriptionData.EXPRESSION_TAG, null, null, null, mq.brokerName());
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .extFields(header.toExtFields())
                .build();
        instance.invoke(address, request, config.pullTimeout()).whenComplete((response, failure) -> {
            if (queue.generation.get() != generation || queue.removed || state.get() != State.RUNNING) {
                return;
            }
            if (failure != null) {
                failed(queue, generation, offset, address, failure);
                return;
            }
            PullOutcome outcome;
            try {
                outcome = PullOutcome.read(response, mq, address);
            } catch (MqClientException e) {
                failed(queue, generation, offset, address, e);
                return;
            }
            List<ReceivedMessage> wanted = outcome.messages().stream()
                    .filter(message -> subscriptions.accepts(mq.topic(), message.tags()))
                    .toList();
            if (!wanted.isEmpty()) {
                queue.cached.addAndGet(wanted.size());
                ready.offer(new Batch(queue, generation, wanted));
            } else if (queue.cached.get() == 0 && outcome.status() != PullOutcome.Status.OFFSET_ILLEGAL) {
                offsets.update(mq, outcome.nextBeginOffset(), true);
            }
            if (outcome.status() == PullOutcome.Status.OFFSET_ILLEGAL) {
                LOG.warn("Offset {} of {} is out of range for {}; continuing at {}", offset, mq,
                        config.consumerGroup(), outcome.nextBeginOffset());
                offsets.update(mq, outcome.nextBeginOffset(), false);
            }
            pull(queue, generation, outcome.nextBeginOffset());
        });
    }

    /**
     * Retries a failed pull after the configured delay, or at once on the group's new leader when the failure
     * suggests that the leader moved and a fresh route lookup names another one.
     */
    private void failed(OwnedQueue queue, long generation, long offset, String address, Throwable failure) {
        MessageQueue mq = queue.queue;
        Throwable cause = Calls.unwrap(failure);
        LOG.debug("Pull of {} at {} from {} failed: {}", mq, offset, address, cause.toString());
        if (!Calls.suggestsLeaderChange(cause)) {
            pullLater(queue, generation, offset, config.pullRetryDelay());
            return;
        }
        instance.refreshRoute(mq.topic()).whenComplete((route, lookupFailure) -> {
            String leader = instance.routes().masterAddress(mq.brokerName());
            if (leader != null && !leader.equals(address)) {
                LOG.info("Pulls of {} move from {} to the group's new leader {}", mq, address, leader);
                instance.execute("pull of " + mq, () -> pull(queue, generation, offset));
            } else {
                pullLater(queue, generation, offset, config.pullRetryDelay());
            }
        });
    }

    private void pullLater(OwnedQueue queue, long generation, long offset, Duration delay) {
        instance.schedule("pull of " + queue.queue, () -> pull(queue, generation, offset), delay);
    }

    /**
     * Stops pulling; with auto-commit, commits the positions and waits for the brokers; unregisters from the group
     * (whose other members then take its queues) and closes the connections. A thread blocked in {@link #poll}
     * returns an empty list. Idempotent.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        ready.offer(CLOSED_MARKER);
        if (previous == State.RUNNING) {
            duties.forEach(ClientInstance.Periodic::cancel);
            rebalancer.stop();
            List<MessageQueue> queues = List.copyOf(owned.keySet());
            owned.values().forEach(queue -> queue.removed = true);
            if (config.autoCommit()) {
                offsets.persistAndWait(queues);
            }
            if (mode == Mode.SUBSCRIBE) {
                instance.removeHeartbeatSource(heartbeat);
                instance.unregister(null, config.consumerGroup());
                instance.unregister(ClientInstance.INNER_PRODUCER_GROUP, null);
            }
        }
        owned.clear();
        instance.close();
    }
}
