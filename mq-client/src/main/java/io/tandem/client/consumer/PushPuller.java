package io.tandem.client.consumer;

import io.tandem.client.MqBrokerException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.internal.Calls;
import io.tandem.client.internal.ClientInstance;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.MessageModel;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullSysFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * The long-polling pull loop of every owned queue of a push consumer (fact sheet 2.5, 7.4): one PULL_MESSAGE in
 * flight per queue, asking the broker to hold it up to {@link PushConsumerConfig#longPollingSuspend()}; each answer
 * caches and dispatches what was found and pulls again at once from {@code nextBeginOffset}. Pulling pauses while a
 * queue caches too many messages or bytes, while an orderly clustering consumer does not hold the queue's lock, and
 * after failures. Fully asynchronous: no thread waits for a held pull.
 */
final class PushPuller {

    /** Called when the broker says the offset is out of range; the queue is dropped and rebalanced later. */
    interface OffsetMovedHandler {
        void offsetMoved(ProcessQueue queue, long nextOffset);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PushPuller.class);
    private static final Duration FLOW_CONTROL_DELAY = Duration.ofMillis(50);
    private static final Duration BROKER_FLOW_CONTROL_DELAY = Duration.ofMillis(20);

    private final ClientInstance instance;
    private final PushConsumerConfig config;
    private final Subscriptions subscriptions;
    private final OffsetStore offsets;
    private final Consumption consumption;
    private final boolean needsLock;
    private final OffsetMovedHandler offsetMoved;
    private volatile boolean stopped;

    PushPuller(ClientInstance instance, PushConsumerConfig config, Subscriptions subscriptions, OffsetStore offsets,
               Consumption consumption, boolean orderly, OffsetMovedHandler offsetMoved) {
        this.instance = instance;
        this.config = config;
        this.subscriptions = subscriptions;
        this.offsets = offsets;
        this.consumption = consumption;
        this.needsLock = orderly && config.messageModel() == MessageModel.CLUSTERING;
        this.offsetMoved = offsetMoved;
    }

    /** Starts pulling {@code queue} at {@code offset}. */
    void start(ProcessQueue queue, long offset) {
        pull(queue, offset);
    }

    /** No pull is sent after this; pulls in flight are answered and ignored. */
    void stop() {
        stopped = true;
    }

    private void pullLater(ProcessQueue queue, long offset, Duration delay) {
        instance.schedule("pull of " + queue.queue(), () -> pull(queue, offset), delay);
    }

    private void pull(ProcessQueue queue, long offset) {
        if (stopped || queue.isDropped()) {
            return;
        }
        if (queue.count() >= config.maxCachedMessagesPerQueue()
                || queue.bytes() >= config.maxCachedBytesPerQueue()) {
            pullLater(queue, offset, FLOW_CONTROL_DELAY);
            return;
        }
        if (needsLock && !queue.isLocked()) {
            pullLater(queue, offset, config.pullRetryDelay());
            return;
        }
        MessageQueue mq = queue.queue();
        SubscriptionData subscription = subscriptions.get(mq.topic());
        String address = instance.routes().masterAddress(mq.brokerName());
        if (subscription == null || address == null) {
            if (address == null) {
                // The group has no known leader (between a failover and the successor's registration).
                instance.refreshRoute(mq.topic());
            }
            pullLater(queue, offset, config.pullRetryDelay());
            return;
        }
        long commitOffset = config.messageModel() == MessageModel.CLUSTERING ? offsets.inMemory(mq) : 0;
        int sysFlag = PullSysFlag.SUSPEND | (commitOffset > 0 ? PullSysFlag.COMMIT_OFFSET : 0);
        PullMessageRequestHeader header = new PullMessageRequestHeader(config.consumerGroup(), mq.topic(),
                mq.queueId(), offset, config.pullBatchSize(), sysFlag, Math.max(commitOffset, 0),
                config.longPollingSuspend().toMillis(), null, subscription.subVersion(),
                subscription.expressionType(), null, null, null, mq.brokerName());
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .extFields(header.toExtFields())
                .build();
        instance.invoke(address, request, config.pullTimeout()).whenComplete((response, failure) -> {
            if (failure != null) {
                failed(queue, offset, address, failure);
                return;
            }
            try {
                handle(queue, offset, PullOutcome.read(response, mq, address));
            } catch (RuntimeException e) {
                failed(queue, offset, address, e);
            }
        });
    }

    private void handle(ProcessQueue queue, long offset, PullOutcome outcome) {
        if (stopped || queue.isDropped()) {
            return;
        }
        MessageQueue mq = queue.queue();
        switch (outcome.status()) {
            case FOUND -> {
                queue.pulledAt(instance.config().clock().millis());
                List<ReceivedMessage> wanted = outcome.messages().stream()
                        .filter(message -> subscriptions.accepts(mq.topic(), message.tags()))
                        .toList();
                if (wanted.isEmpty()) {
                    advanceIfIdle(queue, outcome.nextBeginOffset());
                } else {
                    queue.add(wanted);
                    consumption.submit(queue, wanted);
                }
                pull(queue, outcome.nextBeginOffset());
            }
            case NO_NEW_MSG, NO_MATCHED_MSG -> {
                advanceIfIdle(queue, outcome.nextBeginOffset());
                pull(queue, outcome.nextBeginOffset());
            }
            case OFFSET_ILLEGAL -> {
                LOG.warn("Offset {} of {} is out of range for {}; continuing at {}", offset, mq,
                        config.consumerGroup(), outcome.nextBeginOffset());
                offsetMoved.offsetMoved(queue, outcome.nextBeginOffset());
            }
        }
    }

    /** With nothing cached, the consumed offset may skip entries the filter dropped. */
    private void advanceIfIdle(ProcessQueue queue, long nextOffset) {
        if (queue.count() == 0) {
            offsets.update(queue.queue(), nextOffset, true);
        }
    }

    /**
     * Retries a failed pull after the configured delay. When the failure suggests that the group's leader moved (the
     * broker went away, or refused as no longer the leader), the topic's route is looked up at once and, if it names
     * another leader for the group, the pull is retried there without waiting; a long poll on a broker that went away
     * ends with its connection, so the consumer follows the new leader within one route lookup.
     */
    private void failed(ProcessQueue queue, long offset, String address, Throwable failure) {
        if (stopped || queue.isDropped() || instance.isClosed()) {
            return;
        }
        Throwable cause = Calls.unwrap(failure);
        Duration delay = config.pullRetryDelay();
        if (cause instanceof MqBrokerException refused) {
            switch (refused.code()) {
                case ResponseCode.FLOW_CONTROL -> delay = BROKER_FLOW_CONTROL_DELAY;
                case ResponseCode.SUBSCRIPTION_NOT_EXIST, ResponseCode.SUBSCRIPTION_NOT_LATEST,
                     ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST -> instance.requestHeartbeat();
                default -> {
                }
            }
        } else if (Calls.isTransportFailure(cause)) {
            instance.requestHeartbeat();
        }
        if (Calls.suggestsLeaderChange(cause)) {
            Duration retryDelay = delay;
            MessageQueue mq = queue.queue();
            instance.refreshRoute(mq.topic()).whenComplete((route, lookupFailure) -> {
                String leader = instance.routes().masterAddress(mq.brokerName());
                if (leader != null && !leader.equals(address)) {
                    LOG.info("Pulls of {} move from {} to the group's new leader {}", mq, address, leader);
                    instance.execute("pull of " + mq, () -> pull(queue, offset));
                } else {
                    LOG.debug("Pull of {} at {} failed, retrying in {} ms: {}", mq, offset, retryDelay.toMillis(),
                            cause.toString());
                    pullLater(queue, offset, retryDelay);
                }
            });
            return;
        }
        LOG.debug("Pull of {} at {} failed, retrying in {} ms: {}", queue.queue(), offset, delay.toMillis(),
                cause.toString());
        pullLater(queue, offset, delay);
    }
}
