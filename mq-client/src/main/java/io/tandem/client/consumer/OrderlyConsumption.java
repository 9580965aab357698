package io.tandem.client.consumer;

import io.tandem.client.ReceivedMessage;
import io.tandem.client.internal.ClientInstance;
import io.tandem.protocol.body.MessageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Runs an {@link OrderlyListener} on each queue's messages strictly in offset order: one drain task per queue at a
 * time takes the oldest batch, calls the listener while holding the queue's consume lock, and commits the batch
 * before taking the next. On {@link ConsumeResult#RETRY_LATER} the batch goes back in front and the queue pauses
 * for {@link PushConsumerConfig#suspendTime()}; a message whose reconsume count reached the maximum is sent to
 * {@code %RETRY%<group>} instead, which the broker turns into a dead letter while the group holds queue locks
 * (fact sheet 7.5). In clustering mode a queue is consumed only while this client holds its broker lock.
 *
 * <p>Design note: the drain task keeps the queue's {@code drainScheduled} flag while it waits (suspended or
 * without lock), so newly pulled messages cannot start a second drain that would skip the pause.
 */
final class OrderlyConsumption implements Consumption {

    /** The client trusts a broker lock this long after it was last granted (fact sheet 2.12). */
    static final Duration LOCK_VALIDITY = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(OrderlyConsumption.class);
    private static final Duration MAX_DRAIN = Duration.ofSeconds(60);
    private static final Duration LOCK_WAIT = Duration.ofMillis(100);

    private final OrderlyListener listener;
    private final PushConsumerConfig config;
    private final ClientInstance instance;
    private final OffsetStore offsets;
    private final SendBack sendBack;
    private final Clock clock;
    private final int maxReconsumeTimes;
    private final ThreadPoolExecutor executor;
    private volatile boolean stopping;

    OrderlyConsumption(OrderlyListener listener, PushConsumerConfig config, ClientInstance instance,
                       OffsetStore offsets, SendBack sendBack) {
        this.listener = listener;
        this.config = config;
        this.instance = instance;
        this.offsets = offsets;
        this.sendBack = sendBack;
        this.clock = instance.config().clock();
        this.maxReconsumeTimes = config.effectiveMaxReconsumeTimes(true);
        this.executor = ConsumeThreads.create(config.consumerGroup(), config.consumeThreads());
    }

    @Override
    public void submit(ProcessQueue queue, List<ReceivedMessage> messages) {
        if (queue.drainScheduled.compareAndSet(false, true)) {
            execute(queue);
        }
    }

    private void execute(ProcessQueue queue) {
        try {
            executor.execute(() -> drain(queue));
        } catch (RejectedExecutionException e) {
            queue.drainScheduled.set(false);
        }
    }

    private void later(ProcessQueue queue, Duration delay) {
        instance.schedule("orderly consumption of " + queue.queue(), () -> {
            if (stopping || queue.isDropped()) {
                queue.drainScheduled.set(false);
            } else {
                execute(queue);
            }
        }, delay);
    }

    private void drain(ProcessQueue queue) {
        long started = System.nanoTime();
        boolean rescheduled = false;
        try {
            while (!stopping && !queue.isDropped()) {
                if (config.messageModel() == MessageModel.CLUSTERING
                        && !queue.holdsLock(clock.millis(), LOCK_VALIDITY.toMillis())) {
                    later(queue, LOCK_WAIT);
                    rescheduled = true;
                    return;
                }
                if (System.nanoTime() - started > MAX_DRAIN.toNanos()) {
                    later(queue, Duration.ofMillis(10));
                    rescheduled = true;
                    return;
                }
                Boolean more = consumeOneBatch(queue);
                if (more == null) {
                    later(queue, config.suspendTime());
                    rescheduled = true;
                    return;
                }
                if (!more) {
                    return;
                }
            }
        } finally {
            if (!rescheduled) {
                queue.drainScheduled.set(false);
                if (queue.hasCached() && !queue.isDropped() && !stopping) {
                    submit(queue, List.of());
                }
            }
        }
    }

    /** @return true to go on, false when the queue is empty, null when the queue must pause */
    private Boolean consumeOneBatch(ProcessQueue queue) {
        queue.consumeLock.lock();
        try {
            if (queue.isDropped()) {
                return false;
            }
            List<ReceivedMessage> batch = queue.take(config.consumeBatchSize());
            if (batch.isEmpty()) {
                return false;
            }
            ConsumeTrace trace = ConsumeTrace.before(instance.tracer(), clock, config.consumerGroup(), batch);
            ConsumeResult result;
            try {
                result = listener.consume(batch);
                if (trace != null) {
                    trace.after(result == ConsumeResult.SUCCESS, ConsumeTrace.contextCode(result));
                }
            } catch (RuntimeException | Error e) {
                if (trace != null) {
                    trace.after(false, ConsumeTrace.EXCEPTION);
                }
                LOG.warn("Orderly listener of {} failed on {} message(s) of {}; the queue pauses",
                        config.consumerGroup(), batch.size(), queue.queue(), e);
                result = ConsumeResult.RETRY_LATER;
            }
            queue.consumedAt(clock.millis());
            if (result == ConsumeResult.SUCCESS || allHandedOver(batch, result == ConsumeResult.DEAD_LETTER)) {
                long offset = queue.commit();
                if (offset >= 0) {
                    offsets.update(queue.queue(), offset, false);
                }
                return true;
            }
            queue.putBack(batch.stream()
                    .map(message -> message.withReconsumeTimes(message.reconsumeTimes() + 1))
                    .toList());
            return null;
        } finally {
            queue.consumeLock.unlock();
        }
    }

    /**
     * Whether every message of a failed batch reached the reconsume limit, or {@code deadLetter} was asked for, and
     * left the queue: handed to the broker for the dead-letter queue (clustering) or dropped (broadcasting).
     */
    private boolean allHandedOver(List<ReceivedMessage> batch, boolean deadLetter) {
        for (ReceivedMessage message : batch) {
            if (!deadLetter && message.reconsumeTimes() < maxReconsumeTimes) {
                return false;
            }
        }
        for (ReceivedMessage message : batch) {
            if (config.messageModel() == MessageModel.BROADCASTING) {
                LOG.warn("Orderly broadcasting consumer {} drops message {} after {} attempts",
                        config.consumerGroup(), message.messageId(), message.reconsumeTimes() + 1);
            } else if (!sendBack.sendRetryCopy(message, message.reconsumeTimes() + 1)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void shutdown(Duration timeout) {
        stopping = true;
        ConsumeThreads.shutdown(executor, timeout, config.consumerGroup());
    }
}
