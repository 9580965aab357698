package io.tandem.spring.annotation;

import org.springframework.stereotype.Component;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link io.tandem.spring.transaction.MqLocalTransactionListener} bean and says which transactional sends it
 * serves: those to one of its {@link #topics()}, and those naming one of its {@link #types()} in
 * {@link io.tandem.spring.core.MqTemplate#sendInTransaction(String, String, Object, Object)}. A type takes precedence
 * over a topic. Each topic and each type belongs to one listener; the application fails to start, naming both
 * beans, when two claim the same.
 *
 * <pre>{@code
 * @MqTransactionListener(topics = "Payments")
 * class PaymentTransactions implements MqLocalTransactionListener<PaymentTaken> { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface MqTransactionListener {

    /** Topics whose transactional sends this listener executes and checks. */
    String[] topics() default {};

    /** Transaction types this listener executes and checks, whatever the topic. */
    String[] types() default {};
}
