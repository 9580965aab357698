package io.tandem.spring.listener;

import io.tandem.client.ClientConfig;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.consumer.ConsumeResult;
import io.tandem.client.consumer.FailedMessagesException;
import io.tandem.client.consumer.MessageSelector;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.protocol.body.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs one listener endpoint: a push consumer of the endpoint's group and topics that calls a
 * {@link MqMessageListener} on at most {@link PushConsumerConfig#consumeThreads()} threads at once (a
 * {@link MqBatchMessageListener} with up to {@link PushConsumerConfig#consumeBatchSize()} messages per call), and,
 * when the endpoint has a dead-letter handler, a second consumer (its own group, one thread) that reads the group's
 * dead-letter queue {@code %DLQ%<group>} from its beginning and calls that handler.
 *
 * <p>Lifecycle: {@link #start()} subscribes and starts the consumers; {@link #stop()} stops them gracefully: no new
 * deliveries, listener calls in progress may finish within {@link PushConsumerConfig#shutdownTimeout()}, consumed
 * offsets are committed, and messages fetched but not consumed are delivered again later. {@link #pause()} stops the
 * consumers the same way but keeps the container running, and {@link #resume()} starts new ones that continue at the
 * committed offsets. While paused, this member has left its group, so in clustering mode the other members of the
 * group take over its queues.
 *
 * <p>Thread-safe: lifecycle methods are serialized. Called from a listener thread of this container, {@link #stop()}
 * and {@link #pause()} run on another thread and return at once, since they wait for that very listener call to
 * finish. Listener failures are logged and the message is retried, unless the failure is caused by an exception type
 * configured as not worth retrying: then the message goes to the dead-letter queue at once. Broker outages are
 * retried by the client.
 */
public final class MqListenerContainer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(MqListenerContainer.class);

    /** The container whose listener the current thread is running, if any. */
    private static final ThreadLocal<MqListenerContainer> INVOKING = new ThreadLocal<>();

    private enum State { STOPPED, RUNNING, PAUSED }

    private final String id;
    private final ClientConfig clientConfig;
    private final List<String> topics;
    private final MessageSelector selector;
    private final ConsumeMode consumeMode;
    private final PushConsumerConfig consumerConfig;
    private final MqMessageListener listener;
    private final PushConsumerConfig deadLetterConfig;
    private final MqMessageListener deadLetterListener;
    private final boolean autoStartup;
    private final int phase;
    private final List<Class<? extends Throwable>> notRetryable;

    private State state = State.STOPPED;
    private PushConsumer consumer;
    private PushConsumer deadLetterConsumer;

    /**
     * @param id                 the endpoint id, unique in its registry
     * @param clientConfig       connection settings
     * @param topics             the topics to consume
     * @param selector           which messages of the topics to receive: by tag or by a SQL92 expression
     * @param consumeMode        concurrently or in order per queue
     * @param consumerConfig     the consumer's settings (group, model, threads, retries, shutdown timeout, ...)
     * @param listener           called for every message
     * @param deadLetterConfig   settings of the dead-letter consumer, or null when there is no dead-letter handler
     * @param deadLetterListener called for every dead letter of the group, or null
     * @param autoStartup        whether the registry starts this container with the application context
     * @param phase              the lifecycle phase
     */
    public MqListenerContainer(String id, ClientConfig clientConfig, List<String> topics, MessageSelector selector,
                               ConsumeMode consumeMode, PushConsumerConfig consumerConfig,
                               MqMessageListener listener, PushConsumerConfig deadLetterConfig,
                               MqMessageListener deadLetterListener, boolean autoStartup, int phase) {
        this(id, clientConfig, topics, selector, consumeMode, consumerConfig, listener, deadLetterConfig,
                deadLetterListener, autoStartup, phase, List.of());
    }

    /**
     * A container whose listener's failures caused by one of {@code notRetryable} send the messages to the
     * dead-letter queue at once, without retries; the other parameters are those of the constructor above.
     */
    public MqListenerContainer(String id, ClientConfig clientConfig, List<String> topics, MessageSelector selector,
                               ConsumeMode consumeMode, PushConsumerConfig consumerConfig,
                               MqMessageListener listener, PushConsumerConfig deadLetterConfig,
                               MqMessageListener deadLetterListener, boolean autoStartup, int phase,
                               List<Class<? extends Throwable>> notRetryable) {
        this.notRetryable = List.copyOf(notRetryable);
        this.id = Objects.requireNonNull(id, "id");
        this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
        this.topics = List.copyOf(topics);
        this.selector = selector == null ? MessageSelector.ALL : selector;
        this.consumeMode = Objects.requireNonNull(consumeMode, "consumeMode");
        this.consumerConfig = Objects.requireNonNull(consumerConfig, "consumerConfig");
        this.listener = Objects.requireNonNull(listener, "listener");
        if ((deadLetterConfig == null) != (deadLetterListener == null)) {
            throw new IllegalArgumentException("a dead-letter handler needs both its config and its listener");
        }
        this.deadLetterConfig = deadLetterConfig;
        this.deadLetterListener = deadLetterListener;
        this.autoStartup = autoStartup;
        this.phase = phase;
    }

    public String id() {
        return id;
    }

    public String group() {
        return consumerConfig.consumerGroup();
    }

    public List<String> topics() {
        return topics;
    }

    public ConsumeMode consumeMode() {
        return consumeMode;
    }

    /** Most listener calls running at once: the consumer's thread count. */
    public int concurrency() {
        return consumerConfig.consumeThreads();
    }

    /** The consumer settings this container starts its consumer with. */
    public PushConsumerConfig consumerConfig() {
        return consumerConfig;
    }

    /** The group reading the dead-letter queue, or null when there is no dead-letter handler. */
    public String deadLetterGroup() {
        return deadLetterConfig == null ? null : deadLetterConfig.consumerGroup();
    }

    /** The queues this member consumes now; empty when not running or paused. */
    public synchronized Set<MessageQueue> assignedQueues() {
        return consumer == null ? Set.of() : consumer.assignedQueues();
    }

    @Override
    public synchronized void start() {
        if (state != State.STOPPED) {
            return;
        }
        startConsumers();
        state = State.RUNNING;
        LOG.info("Listener {} started: group {}, topics {} ({}), {} thread(s)", id, group(), topics, selector,
                concurrency());
    }

    @Override
    public void stop() {
        if (INVOKING.get() == this) {
            startThread("tandem-listener-stop-" + id, this::stopNow);
            return;
        }
        stopNow();
    }

    @Override
    public void stop(Runnable callback) {
        try {
            stop();
        } finally {
            callback.run();
        }
    }

    private synchronized void stopNow() {
        if (state == State.STOPPED) {
            return;
        }
        closeConsumers();
        state = State.STOPPED;
        LOG.info("Listener {} stopped", id);
    }

    /**
     * Stops delivering messages: in-flight listener calls finish (within the shutdown timeout), consumed offsets are
     * committed and this member leaves the group until {@link #resume()}. Does nothing unless running.
     */
    public void pause() {
        if (INVOKING.get() == this) {
            startThread("tandem-listener-pause-" + id, this::pauseNow);
            return;
        }
        pauseNow();
    }

    private synchronized void pauseNow() {
        if (state != State.RUNNING) {
            return;
        }
        closeConsumers();
        state = State.PAUSED;
        LOG.info("Listener {} paused", id);
    }

    /** Delivers messages again from the committed offsets. Does nothing unless paused. */
    public synchronized void resume() {
        if (state != State.PAUSED) {
            return;
        }
        startConsumers();
        state = State.RUNNING;
        LOG.info("Listener {} resumed", id);
    }

    /** Whether the container is paused; a paused container still counts as running. */
    public synchronized boolean isPaused() {
        return state == State.PAUSED;
    }

    @Override
    public synchronized boolean isRunning() {
        return state != State.STOPPED;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    private void startConsumers() {
        PushConsumer started = consumeMode == ConsumeMode.ORDERLY
                ? PushConsumer.orderly(clientConfig, consumerConfig, messages -> consume(listener, messages))
                : PushConsumer.concurrent(clientConfig, consumerConfig, messages -> consume(listener, messages));
        try {
            topics.forEach(topic -> started.subscribe(topic, selector));
            started.start();
            consumer = started;
            if (deadLetterConfig != null) {
                PushConsumer deadLetters = PushConsumer.concurrent(clientConfig, deadLetterConfig,
                        messages -> consume(deadLetterListener, messages));
                deadLetterConsumer = deadLetters;
                deadLetters.subscribe(deadLetterTopic(), "*").start();
            }
        } catch (RuntimeException e) {
            closeConsumers();
            started.close();
            throw e;
        }
    }

    private void closeConsumers() {
        if (deadLetterConsumer != null) {
            deadLetterConsumer.close();
            deadLetterConsumer = null;
        }
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }

    private String deadLetterTopic() {
        return "%DLQ%" + group();
    }

    private ConsumeResult consume(MqMessageListener target, List<ReceivedMessage> messages) {
        INVOKING.set(this);
        try {
            if (target instanceof MqBatchMessageListener batch) {
                return consumeBatch(batch, messages);
            }
            for (ReceivedMessage message : messages) {
                try {
                    target.onMessage(message);
                } catch (Exception e) {
                    if (isNotRetryable(e)) {
                        LOG.warn("Listener {} failed on message {} of {} (delivery {}) with an exception not worth"
                                        + " retrying; it goes to the dead-letter queue", id, message.messageId(),
                                message.topic(), message.reconsumeTimes() + 1, e);
                        return ConsumeResult.DEAD_LETTER;
                    }
                    LOG.warn("Listener {} failed on message {} of {} (delivery {}); it will be delivered again or go"
                                    + " to the dead-letter queue", id, message.messageId(), message.topic(),
                            message.reconsumeTimes() + 1, e);
                    return ConsumeResult.RETRY_LATER;
                }
            }
            return ConsumeResult.SUCCESS;
        } finally {
            INVOKING.remove();
        }
    }

    private ConsumeResult consumeBatch(MqBatchMessageListener target, List<ReceivedMessage> messages) {
        try {
            target.onMessages(messages);
            return ConsumeResult.SUCCESS;
        } catch (MqBatchListenerFailedException e) {
            if (e.indexes().get(e.indexes().size() - 1) < messages.size()) {
                boolean deadLetter = e.getCause() != null && isNotRetryable(e.getCause());
                LOG.warn("Listener {} failed on message(s) {} of a batch of {} of {}; {}", id, e.indexes(),
                        messages.size(), messages.get(0).topic(), deadLetter ? "they go to the dead-letter queue"
                                : "only they will be delivered again", e);
                throw new FailedMessagesException(e.getMessage(), e, e.indexes(), deadLetter);
            }
            LOG.warn("Listener {} reported failed indexes {} outside its batch of {}; the whole batch will be"
                    + " delivered again", id, e.indexes(), messages.size(), e);
            return ConsumeResult.RETRY_LATER;
        } catch (Exception e) {
            if (isNotRetryable(e)) {
                LOG.warn("Listener {} failed on a batch of {} message(s) of {} with an exception not worth retrying;"
                        + " they go to the dead-letter queue", id, messages.size(), messages.get(0).topic(), e);
                return ConsumeResult.DEAD_LETTER;
            }
            LOG.warn("Listener {} failed on a batch of {} message(s) of {}, the first {} (delivery {}); they will be"
                            + " delivered again or go to the dead-letter queue", id, messages.size(),
                    messages.get(0).topic(), messages.get(0).messageId(),
                    messages.get(0).reconsumeTimes() + 1, e);
            return ConsumeResult.RETRY_LATER;
        }
    }

    /** Whether {@code failure} or one of its causes is of a type configured as not worth retrying. */
    private boolean isNotRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<? extends Throwable> type : notRetryable) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "MqListenerContainer{id=" + id + ", group=" + group() + ", topics=" + topics + '}';
    }

    /** A started daemon thread: a platform one, since the starter runs on Java 17 too; these threads are few. */
    private static Thread startThread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
