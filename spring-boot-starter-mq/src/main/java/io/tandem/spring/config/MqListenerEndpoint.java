package io.tandem.spring.config;

import io.tandem.client.Message;
import io.tandem.protocol.body.MessageModel;
import io.tandem.spring.listener.ConsumeMode;
import io.tandem.spring.listener.MqBatchMessageListener;
import io.tandem.spring.listener.MqMessageListener;
import io.tandem.spring.listener.SelectorType;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one listener consumes and how: created from each {@link io.tandem.spring.annotation.MqListener} method, or
 * built by the application and registered through a {@link io.tandem.spring.annotation.MqListenerConfigurer}.
 * Settings left null take the container factory's defaults. Immutable; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * registrar.registerEndpoint(MqListenerEndpoint.builder("audit")
 *         .topics("Orders").group("audit").listener(message -> audit(message.bodyAsString()))
 *         .build());
 * }</pre>
 */
public final class MqListenerEndpoint {

    private final String id;
    private final List<String> topics;
    private final String selector;
    private final SelectorType selectorType;
    private final String group;
    private final Integer concurrency;
    private final Integer batchSize;
    private final boolean idempotent;
    private final ConsumeMode consumeMode;
    private final MessageModel messageModel;
    private final Integer maxReconsumeTimes;
    private final Boolean autoStartup;
    private final List<Class<? extends Throwable>> notRetryable;
    private final Duration retryInitialInterval;
    private final Double retryMultiplier;
    private final Duration retryMaxInterval;
    private final MqMessageListener listener;
    private final MqMessageListener deadLetterListener;
    private final String deadLetterGroup;

    private MqListenerEndpoint(Builder builder) {
        this.id = builder.id;
        this.topics = List.copyOf(builder.topics);
        this.selector = builder.selector;
        this.selectorType = builder.selectorType;
        this.group = builder.group;
        this.concurrency = builder.concurrency;
        this.batchSize = builder.batchSize;
        this.idempotent = builder.idempotent;
        this.consumeMode = builder.consumeMode;
        this.messageModel = builder.messageModel;
        this.maxReconsumeTimes = builder.maxReconsumeTimes;
        this.autoStartup = builder.autoStartup;
        this.notRetryable = List.copyOf(builder.notRetryable);
        this.retryInitialInterval = builder.retryInitialInterval;
        this.retryMultiplier = builder.retryMultiplier;
        this.retryMaxInterval = builder.retryMaxInterval;
        this.listener = builder.listener;
        this.deadLetterListener = builder.deadLetterListener;
        this.deadLetterGroup = builder.deadLetterGroup;
    }

    /** A builder for an endpoint with the given id, unique in the application. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    public List<String> topics() {
        return topics;
    }

    /** {@code "*"} or tags separated by {@code ||}, or a SQL92 expression; see {@link #selectorType()}. */
    public String selector() {
        return selector;
    }

    /** How {@link #selector()} is read. */
    public SelectorType selectorType() {
        return selectorType;
    }

    /** The consumer group, or null for the factory's default group. */
    public String group() {
        return group;
    }

    /** Most listener calls at once, or null for the factory's default. */
    public Integer concurrency() {
        return concurrency;
    }

    /** Whether the listener receives messages in batches: it is a {@link MqBatchMessageListener}. */
    public boolean isBatch() {
        return listener instanceof MqBatchMessageListener;
    }

    /** Most messages per call of a batch listener, or null for the factory's default. */
    public Integer batchSize() {
        return batchSize;
    }

    /**
     * Whether each message is handled at most once per group, recorded in the application's database in the
     * listener's transaction (see {@link io.tandem.spring.jdbc.MqIdempotentInvoker}).
     */
    public boolean idempotent() {
        return idempotent;
    }

    public ConsumeMode consumeMode() {
        return consumeMode;
    }

    public MessageModel messageModel() {
        return messageModel;
    }

    /** Deliveries after the first before a message goes to the dead-letter queue, or null for the default. */
    public Integer maxReconsumeTimes() {
        return maxReconsumeTimes;
    }

    /** Whether the container starts with the context, or null for the factory's default. */
    public Boolean autoStartup() {
        return autoStartup;
    }

    /**
     * Exception types that send a message to the dead-letter queue at once, without retries, when the listener
     * throws one of them (or an exception caused by one); added to the factory's.
     */
    public List<Class<? extends Throwable>> notRetryable() {
        return notRetryable;
    }

    /** Wait before the first retry, or null for the factory's (see {@link #retryMultiplier()}). */
    public Duration retryInitialInterval() {
        return retryInitialInterval;
    }

    /** Factor of each further retry wait, or null for the factory's. */
    public Double retryMultiplier() {
        return retryMultiplier;
    }

    /** Longest retry wait, or null for the factory's. */
    public Duration retryMaxInterval() {
        return retryMaxInterval;
    }

    public MqMessageListener listener() {
        return listener;
    }

    /** Called for each message of the group's dead-letter queue, or null. */
    public MqMessageListener deadLetterListener() {
        return deadLetterListener;
    }

    /** The group reading the dead-letter queue, or null for {@code <group>-dlq}. */
    public String deadLetterGroup() {
        return deadLetterGroup;
    }

    @Override
    public String toString() {
        return "MqListenerEndpoint{id=" + id + ", topics=" + topics + ", group=" + group + ", listener=" + listener
                + '}';
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {

        private final String id;
        private List<String> topics = List.of();
        private String selector = "*";
        private SelectorType selectorType = SelectorType.TAG;
        private String group;
        private Integer concurrency;
        private Integer batchSize;
        private boolean idempotent;
        private ConsumeMode consumeMode = ConsumeMode.CONCURRENTLY;
        private MessageModel messageModel = MessageModel.CLUSTERING;
        private Integer maxReconsumeTimes;
        private List<Class<? extends Throwable>> notRetryable = List.of();
        private Duration retryInitialInterval;
        private Double retryMultiplier;
        private Duration retryMaxInterval;
        private Boolean autoStartup;
        private MqMessageListener listener;
        private MqMessageListener deadLetterListener;
        private String deadLetterGroup;

        private Builder(String id) {
            this.id = id;
        }

        public Builder topics(String... topics) {
            return topics(List.of(topics));
        }

        public Builder topics(List<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        public Builder selector(String selector) {
            this.selector = selector;
            return this;
        }

        /** How the selector is read: tags (the default) or SQL92. */
        public Builder selectorType(SelectorType selectorType) {
            this.selectorType = selectorType;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder concurrency(Integer concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** Most messages per call of a batch listener (null: the factory's default). */
        public Builder batchSize(Integer batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Handles each message at most once per group (needs the application's DataSource; not broadcasting). */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        public Builder consumeMode(ConsumeMode consumeMode) {
            this.consumeMode = consumeMode;
            return this;
        }

        public Builder messageModel(MessageModel messageModel) {
            this.messageModel = messageModel;
            return this;
        }

        public Builder maxReconsumeTimes(Integer maxReconsumeTimes) {
            this.maxReconsumeTimes = maxReconsumeTimes;
            return this;
        }

        public Builder autoStartup(Boolean autoStartup) {
            this.autoStartup = autoStartup;
            return this;
        }

        /** Exception types not worth retrying: see {@link MqListenerEndpoint#notRetryable()}. */
        public Builder notRetryable(List<Class<? extends Throwable>> notRetryable) {
            this.notRetryable = List.copyOf(notRetryable);
            return this;
        }

        /** The retry back-off; null values take the factory's. */
        public Builder retryBackOff(Duration initialInterval, Double multiplier, Duration maxInterval) {
            this.retryInitialInterval = initialInterval;
            this.retryMultiplier = multiplier;
            this.retryMaxInterval = maxInterval;
            return this;
        }

        public Builder listener(MqMessageListener listener) {
            this.listener = listener;
            return this;
        }

        /** A listener that receives up to {@link #batchSize(Integer)} messages per call. */
        public Builder batchListener(MqBatchMessageListener listener) {
            this.listener = listener;
            return this;
        }

        /** A handler of the group's dead letters, read by {@code deadLetterGroup} (null: {@code <group>-dlq}). */
        public Builder deadLetterHandler(MqMessageListener deadLetterListener, String deadLetterGroup) {
            this.deadLetterListener = deadLetterListener;
            this.deadLetterGroup = deadLetterGroup;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting that is invalid: no id, no or an invalid topic, no
         *                                  listener, a SQL92 selector without expression, a concurrency below 1, a
         *                                  batch size below 1 or for a listener that takes one message at a time, an
         *                                  idempotent broadcasting listener (its members share the group's records),
         *                                  or a dead-letter handler of a broadcasting listener (broadcasting
         *                                  consumers drop failed messages)
         */
        public MqListenerEndpoint build() {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a listener endpoint needs an id");
            }
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("listener " + id + " subscribes no topic");
            }
            for (String topic : topics) {
                if (!Message.isValidTopic(topic)) {
                    throw new IllegalArgumentException("listener " + id + ": topic must be 1..127 characters of"
                            + " [%|a-zA-Z0-9_-]: '" + topic + "'");
                }
            }
            Objects.requireNonNull(listener, () -> "listener " + id + " has no MqMessageListener");
            Objects.requireNonNull(consumeMode, "consumeMode");
            Objects.requireNonNull(messageModel, "messageModel");
            Objects.requireNonNull(selectorType, "selectorType");
            if (selectorType == SelectorType.SQL92 && (selector == null || selector.isBlank())) {
                throw new IllegalArgumentException("listener " + id + " selects by SQL92 but has no expression");
            }
            if (concurrency != null && concurrency < 1) {
                throw new IllegalArgumentException("listener " + id + ": concurrency must be at least 1, was "
                        + concurrency);
            }
            if (batchSize != null && !(listener instanceof MqBatchMessageListener)) {
                throw new IllegalArgumentException("listener " + id + " has a batch size but takes one message at a"
                        + " time; make it a batch listener");
            }
            if (batchSize != null && batchSize < 1) {
                throw new IllegalArgumentException("listener " + id + ": batch size must be at least 1, was "
                        + batchSize);
            }
            if (idempotent && messageModel == MessageModel.BROADCASTING) {
                throw new IllegalArgumentException("listener " + id + " is broadcasting, so every member must handle"
                        + " every message; it cannot be idempotent, which records messages once per group");
            }
            if (deadLetterListener != null && messageModel == MessageModel.BROADCASTING) {
                throw new IllegalArgumentException("listener " + id + " is broadcasting, which drops failed messages"
                        + " instead of sending them to a dead-letter queue; it cannot have a dead-letter handler");
            }
            return new MqListenerEndpoint(this);
        }
    }
}
