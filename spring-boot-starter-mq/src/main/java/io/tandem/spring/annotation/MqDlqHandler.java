package io.tandem.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of the dead letters of an {@link MqListener} of the same bean: the messages
 * that failed their last delivery and were moved to the group's dead-letter queue {@code %DLQ%<group>}. Its
 * parameters are resolved like a listener's; {@code MqHeaders.TOPIC} is the topic the message was first sent to and
 * {@code MqHeaders.RECONSUME_TIMES} how many deliveries failed.
 *
 * <pre>{@code
 * @MqListener(id = "billing", topics = "Orders", group = "billing", maxReconsumeTimes = "3")
 * void onOrder(OrderEvent event) { ... }
 *
 * @MqDlqHandler
 * void onDeadOrder(OrderEvent event, @Header(MqHeaders.MESSAGE_ID) String id) { ... }
 * }</pre>
 *
 * <p>The dead-letter queue is read by a consumer group of its own (default {@code <group>-dlq}) from its beginning,
 * so dead letters that arrived while the application was down are handled too, each at least once. The queue
 * appears with the first dead letter; the handler sees it within one rebalance interval
 * ({@code tandem.mq.consumer.rebalance-interval}). A handler that throws gets the message again later; the
 * handler's own group has a dead-letter queue too. Broadcasting listeners cannot have a handler: they drop failed
 * messages.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MqDlqHandler {

    /** The id of the {@link MqListener} whose dead letters this handles; may be left out when the bean has one. */
    String listener() default "";

    /** The consumer group that reads the dead-letter queue; default {@code <listener's group>-dlq}. */
    String group() default "";
}
