package io.tandem.client.consumer;

import io.tandem.client.ReceivedMessage;
import io.tandem.client.internal.ClientInstance;
import io.tandem.protocol.body.MessageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Runs a {@link ConcurrentListener} on batches of pulled messages on the consume threads, several batches of one
 * queue at a time (fact sheet 7.4). Consumed messages leave the queue's cache and the committable offset advances
 * to the oldest message still cached. A failed batch in clustering mode is handed back to the broker for a delayed
 * retry and counts as consumed; a message that cannot be handed back stays cached (holding the offset) and is
 * retried locally after {@link PushConsumerConfig#sendBackRetryDelay()}. Broadcasting consumers drop failed
 * messages, as the reference does.
 */
final class ConcurrentConsumption implements Consumption {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentConsumption.class);

    private final ConcurrentListener listener;
    private final PushConsumerConfig config;
    private final ClientInstance instance;
    private final OffsetStore offsets;
    private final SendBack sendBack;
    private final ThreadPoolExecutor executor;
    private volatile boolean stopping;

    ConcurrentConsumption(ConcurrentListener listener, PushConsumerConfig config, ClientInstance instance,
                          OffsetStore offsets, SendBack sendBack) {
        this.listener = listener;
        this.config = config;
        this.instance = instance;
        this.offsets = offsets;
        this.sendBack = sendBack;
        this.executor = ConsumeThreads.create(config.consumerGroup(), config.consumeThreads());
    }

    @Override
    public void submit(ProcessQueue queue, List<ReceivedMessage> messages) {
        for (int start = 0; start < messages.size(); start += config.consumeBatchSize()) {
            List<ReceivedMessage> batch = List.copyOf(messages.subList(start,
                    Math.min(messages.size(), start + config.consumeBatchSize())));
            try {
                executor.execute(() -> consume(queue, batch));
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }

    private void consume(ProcessQueue queue, List<ReceivedMessage> batch) {
        if (stopping || queue.isDropped()) {
            return;
        }
        ConsumeTrace trace = ConsumeTrace.before(instance.tracer(), instance.config().clock(),
                config.consumerGroup(), batch);
        ConsumeResult result;
        List<ReceivedMessage> unconsumed = batch;
        try {
            result = listener.consume(batch);
            if (trace != null) {
                trace.after(result == ConsumeResult.SUCCESS, ConsumeTrace.contextCode(result));
            }
        } catch (FailedMessagesException e) {
            if (trace != null) {
                trace.after(false, ConsumeTrace.EXCEPTION);
            }
            result = e.deadLetter() ? ConsumeResult.DEAD_LETTER : ConsumeResult.RETRY_LATER;
            if (e.indexes().get(e.indexes().size() - 1) < batch.size() && e.indexes().get(0) >= 0) {
                unconsumed = e.indexes().stream().map(batch::get).toList();
            }
            LOG.warn("Listener of {} failed on {} of {} message(s) of {}", config.consumerGroup(), unconsumed.size(),
                    batch.size(), queue.queue(), e);
        } catch (RuntimeException | Error e) {
            if (trace != null) {
                trace.after(false, ConsumeTrace.EXCEPTION);
            }
            LOG.warn("Listener of {} failed on {} message(s) of {}; they will be retried", config.consumerGroup(),
                    batch.size(), queue.queue(), e);
            result = ConsumeResult.RETRY_LATER;
        }
        queue.consumedAt(instance.config().clock().millis());
        if (queue.isDropped()) {
            return;
        }
        List<ReceivedMessage> failed = new ArrayList<>();
        if (result != ConsumeResult.SUCCESS) {
            if (config.messageModel() == MessageModel.CLUSTERING) {
                for (ReceivedMessage message : unconsumed) {
                    boolean handedOver = result == ConsumeResult.DEAD_LETTER ? sendBack.deadLetter(message)
                            : sendBack.sendBack(message);
                    if (!handedOver) {
                        failed.add(message);
                    }
                }
            } else {
                LOG.warn("Broadcasting consumer {} drops {} failed message(s) of {}", config.consumerGroup(),
                        unconsumed.size(), queue.queue());
            }
        }
        List<ReceivedMessage> done = new ArrayList<>(batch);
        done.removeAll(failed);
        long offset = queue.remove(done);
        if (offset >= 0 && !queue.isDropped()) {
            offsets.update(queue.queue(), offset, true);
        }
        if (!failed.isEmpty()) {
            List<ReceivedMessage> retried = failed.stream()
                    .map(message -> message.withReconsumeTimes(message.reconsumeTimes() + 1))
                    .toList();
            queue.replace(retried);
            instance.schedule("local retry of " + queue.queue(), () -> {
                if (!stopping && !queue.isDropped()) {
                    submit(queue, retried);
                }
            }, config.sendBackRetryDelay());
        }
    }

    @Override
    public void shutdown(Duration timeout) {
        stopping = true;
        ConsumeThreads.shutdown(executor, timeout, config.consumerGroup());
    }
}
