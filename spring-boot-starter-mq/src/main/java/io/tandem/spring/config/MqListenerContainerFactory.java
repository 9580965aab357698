package io.tandem.spring.config;

import io.micrometer.observation.ObservationRegistry;
import io.tandem.client.ClientConfig;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.MessageSelector;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.protocol.body.MessageModel;
import io.tandem.spring.jdbc.MqIdempotentInvoker;
import io.tandem.spring.listener.ConsumeMode;
import io.tandem.spring.listener.MqBatchMessageListener;
import io.tandem.spring.listener.MqListenerContainer;
import io.tandem.spring.listener.MqMessageListener;
import io.tandem.spring.listener.SelectorType;
import io.tandem.spring.listener.MqRetryBackOff;
import io.tandem.spring.observation.MqListenerObservationConvention;
import io.tandem.spring.observation.ObservedMqMessageListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creates the {@link MqListenerContainer} of each listener endpoint, filling what the endpoint leaves open with this
 * factory's defaults. In a Spring Boot application the bean {@code mqListenerContainerFactory} is configured from the
 * {@code tandem.mq.consumer.*} and {@code tandem.mq.listener.*} properties; an endpoint may name another factory bean.
 *
 * <p>Configure it once while the application context starts; creating containers afterwards is thread-safe.
 */
public final class MqListenerContainerFactory {

    /**
     * Lifecycle phase of the containers: they start after the lifecycle beans of lower phases (plain
     * {@link org.springframework.context.Lifecycle} beans, the web server) and stop before them.
     */
    public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

    private final ClientConfig clientConfig;
    private String defaultGroup;
    private int concurrency = 20;
    private int batchSize = 32;
    private ConsumeFrom consumeFrom = ConsumeFrom.LAST_OFFSET;
    private int maxReconsumeTimes = -1;
    private List<Class<? extends Throwable>> notRetryable = List.of();
    private Duration retryInitialInterval;
    private double retryMultiplier = 2.0;
    private Duration retryMaxInterval;
    private List<Duration> delayLevels = MqRetryBackOff.DEFAULT_DELAY_LEVELS;
    private int pullBatchSize = 32;
    private Duration rebalanceInterval = Duration.ofSeconds(20);
    private Duration offsetCommitInterval = Duration.ofSeconds(5);
    private Duration shutdownTimeout = Duration.ofSeconds(20);
    private boolean autoStartup = true;
    private int phase = DEFAULT_PHASE;
    private MqIdempotentInvoker idempotentInvoker;
    private final List<MqConsumerConfigCustomizer> customizers = new ArrayList<>();
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private MqListenerObservationConvention observationConvention;

    public MqListenerContainerFactory(ClientConfig clientConfig) {
        this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
    }

    /** Group of endpoints that name none; null requires every endpoint to name its group. */
    public void setDefaultGroup(String defaultGroup) {
        this.defaultGroup = defaultGroup;
    }

    /** Most listener calls at once per container, unless the endpoint says otherwise (20). */
    public void setConcurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /**
     * Most messages per call of a batch listener, unless the endpoint says otherwise (32). A batch holds messages of
     * one queue from one pull, so it is also bounded by the pull batch size.
     */
    public void setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** Where a new group starts reading a queue (the end). */
    public void setConsumeFrom(ConsumeFrom consumeFrom) {
        this.consumeFrom = Objects.requireNonNull(consumeFrom, "consumeFrom");
    }

    /**
     * Deliveries after the first before a failing message goes to the dead-letter queue; -1 for the client's
     * default (16 for concurrent, unlimited for orderly listeners).
     */
    public void setMaxReconsumeTimes(int maxReconsumeTimes) {
        this.maxReconsumeTimes = maxReconsumeTimes;
    }

    /**
     * Exception types that send a message to the dead-letter queue at once, without retries, for every listener of
     * this factory (an endpoint may add more).
     */
    public void setNotRetryableExceptions(List<Class<? extends Throwable>> notRetryable) {
        this.notRetryable = List.copyOf(notRetryable);
    }

    /**
     * The retry back-off of listeners that set none: wait before the first retry (null: the broker's back-off),
     * factor of each further wait, longest wait (null: the longest delay level).
     */
    public void setRetryBackOff(Duration initialInterval, double multiplier, Duration maxInterval) {
        this.retryInitialInterval = initialInterval;
        this.retryMultiplier = multiplier;
        this.retryMaxInterval = maxInterval;
    }

    /** The brokers' delay levels, level 1 first, onto which retry back-offs are mapped. */
    public void setDelayLevels(List<Duration> delayLevels) {
        this.delayLevels = List.copyOf(delayLevels);
    }

    public void setPullBatchSize(int pullBatchSize) {
        this.pullBatchSize = pullBatchSize;
    }

    /** How often a group's queues are divided again among its members (also at once when members change). */
    public void setRebalanceInterval(Duration rebalanceInterval) {
        this.rebalanceInterval = Objects.requireNonNull(rebalanceInterval, "rebalanceInterval");
    }

    public void setOffsetCommitInterval(Duration offsetCommitInterval) {
        this.offsetCommitInterval = Objects.requireNonNull(offsetCommitInterval, "offsetCommitInterval");
    }

    /** How long stopping or pausing a container waits for listener calls in progress (20 s). */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public void setPhase(int phase) {
        this.phase = phase;
    }

    /**
     * Runs the listeners of idempotent endpoints; without it such endpoints cannot be created. The auto-configuration
     * sets it when the application has a single DataSource and transaction manager.
     */
    public void setIdempotentInvoker(MqIdempotentInvoker idempotentInvoker) {
        this.idempotentInvoker = idempotentInvoker;
    }

    /** Adds a customizer applied last to every consumer's settings. */
    public void addConsumerConfigCustomizer(MqConsumerConfigCustomizer customizer) {
        customizers.add(Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * Where listener calls are observed ({@link io.tandem.spring.observation.MqObservation#PROCESS}); the default
     * {@link ObservationRegistry#NOOP} observes nothing.
     */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
    }

    /** The convention of the listener observations; null for the default one. */
    public void setObservationConvention(MqListenerObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    public ClientConfig clientConfig() {
        return clientConfig;
    }

    /**
     * A stopped container for {@code endpoint}.
     *
     * @throws IllegalArgumentException if the endpoint names no group and there is no default group, it is
     *                                  idempotent and there is no idempotent invoker, or a resulting consumer
     *                                  setting is invalid (the message names it)
     */
    public MqListenerContainer createListenerContainer(MqListenerEndpoint endpoint) {
        String group = endpoint.group() != null && !endpoint.group().isBlank() ? endpoint.group() : defaultGroup;
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("listener " + endpoint.id() + " names no consumer group and"
                    + " tandem.mq.consumer.group is not set");
        }
        PushConsumerConfig.Builder consumer = PushConsumerConfig.builder(group)
                .messageModel(endpoint.messageModel())
                .consumeFrom(consumeFrom)
                .consumeThreads(endpoint.concurrency() != null ? endpoint.concurrency() : concurrency)
                .consumeBatchSize(!endpoint.isBatch() ? 1
                        : endpoint.batchSize() != null ? endpoint.batchSize() : batchSize)
                .maxReconsumeTimes(endpoint.maxReconsumeTimes() != null ? endpoint.maxReconsumeTimes()
                        : maxReconsumeTimes)
                .pullBatchSize(pullBatchSize)
                .rebalanceInterval(rebalanceInterval)
                .offsetCommitInterval(offsetCommitInterval)
                .shutdownTimeout(shutdownTimeout);
        Duration initialInterval = endpoint.retryInitialInterval() != null ? endpoint.retryInitialInterval()
                : retryInitialInterval;
        if (initialInterval != null) {
            try {
                consumer.retryDelayLevels(MqRetryBackOff.delayLevels(initialInterval,
                        endpoint.retryMultiplier() != null ? endpoint.retryMultiplier() : retryMultiplier,
                        endpoint.retryMaxInterval() != null ? endpoint.retryMaxInterval() : retryMaxInterval,
                        delayLevels));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("listener " + endpoint.id() + ": " + e.getMessage(), e);
            }
        }
        customizers.forEach(customizer -> customizer.customize(endpoint.id(), consumer));
        PushConsumerConfig consumerConfig = consumer.build();
        PushConsumerConfig deadLetterConfig = null;
        MqMessageListener deadLetterListener = null;
        if (endpoint.deadLetterListener() != null) {
            String deadLetterGroup = endpoint.deadLetterGroup() != null && !endpoint.deadLetterGroup().isBlank()
                    ? endpoint.deadLetterGroup() : group + "-dlq";
            PushConsumerConfig.Builder deadLetters = PushConsumerConfig.builder(deadLetterGroup)
                    .messageModel(MessageModel.CLUSTERING)
                    .consumeFrom(ConsumeFrom.FIRST_OFFSET)
                    .consumeThreads(1)
                    .maxReconsumeTimes(maxReconsumeTimes)
                    .rebalanceInterval(rebalanceInterval)
                    .offsetCommitInterval(offsetCommitInterval)
                    .shutdownTimeout(shutdownTimeout);
            customizers.forEach(customizer -> customizer.customize(endpoint.id() + ".dlq", deadLetters));
            deadLetterConfig = deadLetters.build();
            deadLetterListener = observedDeadLetterHandler(endpoint, deadLetterConfig);
        }
        MqMessageListener listener = endpoint.listener();
        if (endpoint.idempotent()) {
            if (idempotentInvoker == null) {
                throw new IllegalArgumentException("listener " + endpoint.id() + " is idempotent, which records the"
                        + " messages it handled in the application's database; that needs spring-jdbc on the class"
                        + " path and a single DataSource and PlatformTransactionManager bean, which the application"
                        + " does not have");
            }
            listener = idempotentInvoker.idempotent(listener, group);
        }
        MessageSelector selector = endpoint.selectorType() == SelectorType.SQL92
                ? MessageSelector.bySql92(endpoint.selector()) : MessageSelector.byTag(endpoint.selector());
        List<Class<? extends Throwable>> notRetryableTypes = new ArrayList<>(notRetryable);
        notRetryableTypes.addAll(endpoint.notRetryable());
        return new MqListenerContainer(endpoint.id(), clientConfig, endpoint.topics(), selector,
                endpoint.consumeMode(), consumerConfig, observedListener(endpoint, listener, consumerConfig),
                deadLetterConfig, deadLetterListener, endpoint.autoStartup() != null ? endpoint.autoStartup() : autoStartup,
                phase, notRetryableTypes);
    }

    /**
     * {@code listener}, observed unless nothing observes or it takes batches: a batch has no single message whose
     * trace a call could continue, so batch calls are not observed.
     */
    private MqMessageListener observedListener(MqListenerEndpoint endpoint, MqMessageListener listener,
                                               PushConsumerConfig consumer) {
        if (observationRegistry.isNoop() || listener instanceof MqBatchMessageListener) {
            return listener;
        }
        int maxReconsumeTimes = consumer.messageModel() == MessageModel.BROADCASTING ? -1
                : consumer.effectiveMaxReconsumeTimes(endpoint.consumeMode() == ConsumeMode.ORDERLY);
        return ObservedMqMessageListener.listener(listener, endpoint.id(), consumer.consumerGroup(),
                maxReconsumeTimes, observationRegistry, observationConvention);
    }

    /** The endpoint's dead-letter handler, observed as {@code <id>.dlq} unless nothing observes. */
    private MqMessageListener observedDeadLetterHandler(MqListenerEndpoint endpoint, PushConsumerConfig deadLetters) {
        if (observationRegistry.isNoop()) {
            return endpoint.deadLetterListener();
        }
        return ObservedMqMessageListener.deadLetterHandler(endpoint.deadLetterListener(), endpoint.id() + ".dlq",
                deadLetters.consumerGroup(), observationRegistry, observationConvention);
    }
}
