package io.tandem.spring.transaction;

import io.tandem.spring.annotation.MqTransactionListener;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's {@link MqTransactionListener} beans, by topic and by transaction type.
 *
 * <p>Design note: the registry collects the listeners as a bean post-processor instead of having them injected,
 * because listeners commonly inject {@link io.tandem.spring.core.MqTemplate}, whose producer needs this registry to
 * answer check-backs: collecting them as they are created breaks that cycle. A check-back that arrives while the
 * application is still starting, before its listener exists, is answered UNKNOWN and asked again by the broker.
 *
 * <p>Thread-safe.
 */
public final class MqTransactionListenerRegistry implements BeanPostProcessor {

    /** A listener bean and the payload type its methods take. */
    public record Registered(String beanName, MqLocalTransactionListener<Object> listener, ResolvableType payloadType) {
    }

    private final Map<String, Registered> byTopic = new ConcurrentHashMap<>();
    private final Map<String, Registered> byType = new ConcurrentHashMap<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> target = AopUtils.getTargetClass(bean);
        MqTransactionListener annotation = AnnotatedElementUtils.findMergedAnnotation(target,
                MqTransactionListener.class);
        if (annotation != null) {
            register(beanName, bean, target, annotation.topics(), annotation.types());
        }
        return bean;
    }

    /**
     * Registers {@code bean} for {@code topics} and {@code types}.
     *
     * @throws BeanInitializationException if the bean is no {@link MqLocalTransactionListener}, names no topic and
     *                                     no type, or claims a topic or type another listener has
     */
    @SuppressWarnings("unchecked")
    public void register(String beanName, Object bean, Class<?> target, String[] topics, String[] types) {
        if (!(bean instanceof MqLocalTransactionListener<?> listener)) {
            throw new BeanInitializationException("@MqTransactionListener bean '" + beanName + "' ("
                    + target.getName() + ") must implement " + MqLocalTransactionListener.class.getName());
        }
        if (topics.length == 0 && types.length == 0) {
            throw new BeanInitializationException("@MqTransactionListener bean '" + beanName
                    + "' names no topic and no type; say which transactional sends it serves");
        }
        ResolvableType payloadType = ResolvableType.forClass(target).as(MqLocalTransactionListener.class)
                .getGeneric(0);
        Registered registered = new Registered(beanName, (MqLocalTransactionListener<Object>) listener, payloadType);
        for (String topic : topics) {
            claim(byTopic, "topic", topic, registered);
        }
        for (String type : types) {
            claim(byType, "type", type, registered);
        }
    }

    /** The listener serving transactional sends of {@code type} if not null, else of {@code topic}; or null. */
    public Registered find(String type, String topic) {
        if (type != null) {
            return byType.get(type);
        }
        return topic == null ? null : byTopic.get(topic);
    }

    private static void claim(Map<String, Registered> claims, String kind, String name, Registered registered) {
        Objects.requireNonNull(name, kind);
        if (name.isBlank()) {
            throw new BeanInitializationException("@MqTransactionListener bean '" + registered.beanName()
                    + "' names a blank " + kind);
        }
        Registered previous = claims.putIfAbsent(name, registered);
        if (previous != null && !previous.beanName().equals(registered.beanName())) {
            throw new BeanInitializationException("@MqTransactionListener beans '" + previous.beanName() + "' and '"
                    + registered.beanName() + "' both claim " + kind + " '" + name
                    + "'; each topic and type belongs to one listener");
        }
    }
}
