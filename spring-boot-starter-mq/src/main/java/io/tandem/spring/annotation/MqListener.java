package io.tandem.spring.annotation;

import io.tandem.protocol.body.MessageModel;
import io.tandem.spring.listener.ConsumeMode;
import io.tandem.spring.listener.SelectorType;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the listener of one or more topics. The method is called once per message (a
 * {@link #batch()} listener with a list of them); its parameters
 * are resolved from the message: the payload (any type, generics included, converted by the message converter, JSON
 * by default; mark it {@code @Payload} when other parameters are unannotated), {@code @Header(MqHeaders.KEYS)} and
 * other headers of {@link io.tandem.spring.support.MqHeaders} or user properties, {@code @Headers Map<String, Object>},
 * Spring's {@code Message<T>}, and the client's {@link io.tandem.client.ReceivedMessage}.
 *
 * <pre>{@code
 * @MqListener(topics = "Orders", group = "billing", selector = "created || paid", concurrency = "4")
 * void onOrder(OrderEvent event, @Header(MqHeaders.KEYS) List<String> keys) { ... }
 * }</pre>
 *
 * <p>Returning normally acknowledges the message. Throwing makes it come back later through the group's retry topic,
 * with the broker's back-off; after {@link #maxReconsumeTimes()} further deliveries it goes to the group's
 * dead-letter queue, where a {@link MqDlqHandler} method can pick it up. Delivery is at least once, so listeners
 * should tolerate a message twice (its id, {@code MqHeaders.MESSAGE_ID}, stays the same), or be {@link #idempotent()}.
 *
 * <p>String attributes accept {@code ${...}} placeholders and {@code #{...}} expressions. Each annotated method gets
 * its own container (and consumer) in the {@link io.tandem.spring.config.MqListenerEndpointRegistry}, started after
 * the application context is refreshed and stopped gracefully when it closes.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MqListener {

    /** The container id, unique in the application; default {@code <bean name>.<method name>}. */
    String id() default "";

    /** The topics to consume. */
    String[] topics();

    /**
     * Which messages of the topics to receive: {@code "*"} for every message, or tags separated by {@code ||}; with
     * {@link #selectorType()} {@code SQL92}, a SQL92 expression over the message's properties, such as
     * {@code "amount > 100 AND region = 'eu'"}.
     */
    String selector() default "*";

    /**
     * How {@link #selector()} is read: tags, or a SQL92 expression that the broker evaluates (its property filter must
     * be on). A SQL92 expression that a reachable broker refuses fails the listener's start, so the application's.
     */
    SelectorType selectorType() default SelectorType.TAG;

    /** The consumer group; default {@code tandem.mq.consumer.group}. */
    String group() default "";

    /**
     * Most calls of this method running at once: the size of the container's consume thread pool, so never more
     * threads than this run the method. Default {@code tandem.mq.listener.concurrency}.
     */
    String concurrency() default "";

    /**
     * Whether the method receives several messages per call: its one parameter is a {@code List} of payloads
     * ({@code List<OrderEvent>}, generic types included), of Spring's {@code Message<T>} (payload and headers of each
     * message) or of {@link io.tandem.client.ReceivedMessage}. Returning acknowledges the whole batch; throwing sends
     * every message of it back through the retry topic. Payloads are converted by the bean {@code mqMessageConverter}.
     */
    boolean batch() default false;

    /**
     * Most messages per call of a batch listener, all from one queue and one pull (so also at most
     * {@code tandem.mq.consumer.pull-batch-size}); default {@code tandem.mq.listener.batch-size}.
     */
    String batchSize() default "";

    /**
     * Whether each message is handled at most once per group, even when it is delivered again: the method runs in a
     * local transaction of the application's {@code PlatformTransactionManager} that first records (group, message
     * id) in the table {@code tandem_mq_consumed} of its DataSource, so the record commits with the method's own
     * database work; a message already recorded is acknowledged without calling the method, and a method that throws
     * rolls back its work and the record, so the retry calls it again. Batch listeners get only the messages not
     * recorded yet, in one transaction. Needs a single DataSource and transaction manager in the application, else it
     * fails to start; not for broadcasting listeners. Records are deleted after
     * {@code tandem.mq.listener.idempotent.retention}.
     */
    boolean idempotent() default false;

    /** Concurrently, or one message at a time per queue in queue order. */
    ConsumeMode consumeMode() default ConsumeMode.CONCURRENTLY;

    /**
     * Clustering (the group's members share the messages) or broadcasting (every member gets every message; failed
     * messages are not retried).
     */
    MessageModel messageModel() default MessageModel.CLUSTERING;

    /**
     * Deliveries after the first before a failing message goes to the dead-letter queue; default
     * {@code tandem.mq.consumer.max-reconsume-times} (-1: 16 for concurrent, unlimited for orderly listeners).
     */
    String maxReconsumeTimes() default "";

    /**
     * Exception types not worth retrying: when the method throws one of them, or an exception caused by one, the
     * message goes to the dead-letter queue at once (an orderly listener's queue moves on; a broadcasting listener
     * drops it). Added to {@code tandem.mq.listener.not-retryable-exceptions}.
     */
    Class<? extends Throwable>[] notRetryable() default {};

    /**
     * Wait before the first retry of a failed message, such as {@code "2s"}; each further wait is
     * {@link #retryMultiplier()} times the previous one, up to {@link #retryMaxInterval()}. The broker schedules the
     * retries on its delay levels ({@code tandem.mq.consumer.delay-levels} tells the starter which): each wait becomes
     * the shortest level at least as long. Default {@code tandem.mq.listener.retry.initial-interval}; unset there
     * too, the broker's own back-off (level 3 + failed deliveries).
     */
    String retryInitialInterval() default "";

    /** Factor of each further retry wait, at least 1; default {@code tandem.mq.listener.retry.multiplier} (2). */
    String retryMultiplier() default "";

    /** Longest retry wait; default {@code tandem.mq.listener.retry.max-interval}, else the longest delay level. */
    String retryMaxInterval() default "";

    /** Whether the container starts with the context ({@code "true"}/{@code "false"}); default the factory's. */
    String autoStartup() default "";

    /**
     * Bean name of the {@link io.tandem.spring.config.MqListenerContainerFactory}; default
     * {@code mqListenerContainerFactory}.
     */
    String containerFactory() default "";
}
