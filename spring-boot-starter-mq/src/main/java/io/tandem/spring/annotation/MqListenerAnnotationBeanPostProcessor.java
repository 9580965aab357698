package io.tandem.spring.annotation;

import io.tandem.spring.config.MqListenerEndpoint;
import io.tandem.spring.config.MqListenerEndpointRegistrar;
import io.tandem.spring.config.MqListenerEndpointRegistry;
import io.tandem.spring.listener.BatchMethodMqMessageListener;
import io.tandem.spring.listener.MethodMqMessageListener;
import io.tandem.spring.listener.ReceivedMessageArgumentResolver;
import io.tandem.spring.support.MqMessageConverters;
import io.tandem.spring.support.MqMessageMapper;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds {@link MqListener} and {@link MqDlqHandler} methods on every bean, turns each listener method into a
 * {@link MqListenerEndpoint} (attributes resolved against the environment and the expression resolver) and registers
 * it through a {@link MqListenerEndpointRegistrar} once every singleton exists; the
 * {@link MqListenerEndpointRegistry} then creates the containers. Beans created later (lazy or prototype beans)
 * are registered at once.
 *
 * <p>Methods are invoked through a {@link MessageHandlerMethodFactory}: the registrar's if a
 * {@link MqListenerConfigurer} set one, else a default one whose message converter is the bean
 * {@value #MESSAGE_CONVERTER_BEAN_NAME} (or, without it, {@link MqMessageConverters#createDefault}). The payloads of
 * batch listeners are always converted by that converter.
 *
 * <p>Failure modes: a misplaced or ambiguous annotation, an invalid attribute or a listener that cannot be set up
 * fails the application context with a {@link BeanInitializationException} naming the method.
 */
public final class MqListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, Ordered, BeanFactoryAware, SmartInitializingSingleton {

    /** Name of the message converter bean that listener payloads are converted with. */
    public static final String MESSAGE_CONVERTER_BEAN_NAME = "mqMessageConverter";

    /** A listener method found on a bean, with its settings, waiting to be registered. */
    private static final class MethodEndpoint {
        final Object bean;
        final Method method;
        final String id;
        final MqListenerEndpoint.Builder settings;
        final String containerFactory;
        final boolean batch;
        Method deadLetterMethod;
        String deadLetterGroup;

        MethodEndpoint(Object bean, Method method, String id, MqListenerEndpoint.Builder settings,
                       String containerFactory, boolean batch) {
            this.bean = bean;
            this.method = method;
            this.id = id;
            this.settings = settings;
            this.containerFactory = containerFactory;
            this.batch = batch;
        }
    }

    private final MqListenerEndpointRegistrar registrar = new MqListenerEndpointRegistrar();
    private final MqMessageMapper mapper = new MqMessageMapper();
    private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();
    private final List<MethodEndpoint> pending = new ArrayList<>();
    private ConfigurableListableBeanFactory beanFactory;
    private BeanExpressionContext expressionContext;
    private MessageHandlerMethodFactory handlerMethodFactory;
    private MessageConverter messageConverter;
    private boolean initialized;

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory configurable)) {
            throw new IllegalStateException("@MqListener processing needs a ConfigurableListableBeanFactory");
        }
        this.beanFactory = configurable;
        this.expressionContext = new BeanExpressionContext(configurable, null);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (nonAnnotatedClasses.contains(targetClass)) {
            return bean;
        }
        Map<Method, MqListener> listeners = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<MqListener>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, MqListener.class));
        Map<Method, MqDlqHandler> deadLetterHandlers = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<MqDlqHandler>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, MqDlqHandler.class));
        if (listeners.isEmpty()) {
            if (!deadLetterHandlers.isEmpty()) {
                throw new BeanInitializationException("@MqDlqHandler on " + describe(deadLetterHandlers.keySet())
                        + ", but bean '" + beanName + "' has no @MqListener method");
            }
            nonAnnotatedClasses.add(targetClass);
            return bean;
        }
        Map<String, MethodEndpoint> byId = new LinkedHashMap<>();
        for (Map.Entry<Method, MqListener> entry : listeners.entrySet()) {
            MethodEndpoint endpoint = describe(bean, beanName, entry.getKey(), entry.getValue());
            if (byId.putIfAbsent(endpoint.id, endpoint) != null) {
                throw new BeanInitializationException("two @MqListener methods of bean '" + beanName
                        + "' have the id '" + endpoint.id + "'; set a unique id on each");
            }
        }
        for (Map.Entry<Method, MqDlqHandler> entry : deadLetterHandlers.entrySet()) {
            link(beanName, byId, entry.getKey(), entry.getValue());
        }
        synchronized (this) {
            if (!initialized) {
                pending.addAll(byId.values());
                return bean;
            }
        }
        byId.values().forEach(this::register);
        return bean;
    }

    private MethodEndpoint describe(Object bean, String beanName, Method method, MqListener annotation) {
        Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        try {
            String id = resolveString(annotation.id());
            if (id == null || id.isBlank()) {
                id = beanName + "." + method.getName();
            }
            List<String> topics = new ArrayList<>();
            for (String topic : annotation.topics()) {
                addResolved(topics, resolve(topic));
            }
            MqListenerEndpoint.Builder settings = MqListenerEndpoint.builder(id)
                    .topics(topics)
                    .selector(blankToNull(resolveString(annotation.selector())))
                    .selectorType(annotation.selectorType())
                    .group(blankToNull(resolveString(annotation.group())))
                    .concurrency(resolveInteger(annotation.concurrency(), "concurrency"))
                    .batchSize(annotation.batch() ? resolveInteger(annotation.batchSize(), "batchSize") : null)
                    .idempotent(annotation.idempotent())
                    .consumeMode(annotation.consumeMode())
                    .messageModel(annotation.messageModel())
                    .maxReconsumeTimes(resolveInteger(annotation.maxReconsumeTimes(), "maxReconsumeTimes"))
                    .notRetryable(List.of(annotation.notRetryable()))
                    .retryBackOff(resolveDuration(annotation.retryInitialInterval(), "retryInitialInterval"),
                            resolveDouble(annotation.retryMultiplier(), "retryMultiplier"),
                            resolveDuration(annotation.retryMaxInterval(), "retryMaxInterval"))
                    .autoStartup(resolveBoolean(annotation.autoStartup()));
            if (!annotation.batch() && blankToNull(resolveString(annotation.batchSize())) != null) {
                throw new IllegalArgumentException("batchSize is set but batch is false");
            }
            return new MethodEndpoint(bean, invocable, id, settings,
                    blankToNull(resolveString(annotation.containerFactory())), annotation.batch());
        } catch (RuntimeException e) {
            throw new BeanInitializationException("@MqListener on " + where + ": " + e.getMessage(), e);
        }
    }

    private void link(String beanName, Map<String, MethodEndpoint> byId, Method method, MqDlqHandler annotation) {
        String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        String listenerId = resolveString(annotation.listener());
        MethodEndpoint target;
        if (listenerId == null || listenerId.isBlank()) {
            if (byId.size() != 1) {
                throw new BeanInitializationException("@MqDlqHandler on " + where + " must name its listener, since"
                        + " bean '" + beanName + "' has " + byId.size() + " @MqListener methods: " + byId.keySet());
            }
            target = byId.values().iterator().next();
        } else {
            target = byId.get(listenerId);
            if (target == null) {
                throw new BeanInitializationException("@MqDlqHandler on " + where + " names listener '" + listenerId
                        + "', but bean '" + beanName + "' has only " + byId.keySet());
            }
        }
        if (target.deadLetterMethod != null) {
            throw new BeanInitializationException("listener '" + target.id + "' has two @MqDlqHandler methods: "
                    + target.deadLetterMethod.getName() + " and " + method.getName());
        }
        target.deadLetterMethod = AopUtils.selectInvocableMethod(method, target.bean.getClass());
        target.deadLetterGroup = blankToNull(resolveString(annotation.group()));
    }

    @Override
    public void afterSingletonsInstantiated() {
        beanFactory.getBeanProvider(MqListenerConfigurer.class).orderedStream()
                .forEach(configurer -> configurer.configureMqListeners(registrar));
        if (registrar.getEndpointRegistry() == null) {
            registrar.setEndpointRegistry(beanFactory.containsBean(MqBootstrapConfiguration.ENDPOINT_REGISTRY_BEAN_NAME)
                    ? beanFactory.getBean(MqBootstrapConfiguration.ENDPOINT_REGISTRY_BEAN_NAME,
                    MqListenerEndpointRegistry.class)
                    : beanFactory.getBean(MqListenerEndpointRegistry.class));
        }
        registrar.setBeanFactory(beanFactory);
        messageConverter = beanFactory.containsBean(MESSAGE_CONVERTER_BEAN_NAME)
                ? beanFactory.getBean(MESSAGE_CONVERTER_BEAN_NAME, MessageConverter.class)
                : MqMessageConverters.createDefault(beanFactory.getBeanProvider(JsonMapper.class)
                .getIfAvailable(() -> JsonMapper.builder().build()));
        handlerMethodFactory = registrar.getMessageHandlerMethodFactory() != null
                ? registrar.getMessageHandlerMethodFactory() : defaultHandlerMethodFactory();
        List<MethodEndpoint> found;
        synchronized (this) {
            found = List.copyOf(pending);
            pending.clear();
            initialized = true;
        }
        found.forEach(this::register);
        try {
            registrar.afterPropertiesSet();
        } catch (RuntimeException e) {
            throw new BeanInitializationException("cannot create the listener containers: " + e.getMessage(), e);
        }
    }

    private void register(MethodEndpoint found) {
        String where = found.method.getDeclaringClass().getSimpleName() + "." + found.method.getName();
        try {
            InvocableHandlerMethod method = handlerMethodFactory.createInvocableHandlerMethod(found.bean, found.method);
            found.settings.listener(found.batch ? new BatchMethodMqMessageListener(method, mapper, messageConverter)
                    : new MethodMqMessageListener(method, mapper));
            if (found.deadLetterMethod != null) {
                found.settings.deadLetterHandler(new MethodMqMessageListener(
                        handlerMethodFactory.createInvocableHandlerMethod(found.bean, found.deadLetterMethod), mapper),
                        found.deadLetterGroup);
            }
            registrar.registerEndpoint(found.settings.build(), found.containerFactory);
        } catch (RuntimeException e) {
            throw new BeanInitializationException("@MqListener on " + where + ": " + e.getMessage(), e);
        }
    }

    private MessageHandlerMethodFactory defaultHandlerMethodFactory() {
        DefaultMessageHandlerMethodFactory factory = new DefaultMessageHandlerMethodFactory();
        factory.setBeanFactory(beanFactory);
        factory.setMessageConverter(messageConverter);
        factory.setCustomArgumentResolvers(List.of(new ReceivedMessageArgumentResolver()));
        factory.afterPropertiesSet();
        return factory;
    }

    private Object resolve(String value) {
        String resolved = beanFactory.resolveEmbeddedValue(value);
        BeanExpressionResolver resolver = beanFactory.getBeanExpressionResolver();
        return resolver == null || resolved == null ? resolved : resolver.evaluate(resolved, expressionContext);
    }

    private String resolveString(String value) {
        Object resolved = resolve(value);
        return resolved == null ? null : resolved.toString();
    }

    private Integer resolveInteger(String value, String attribute) {
        String resolved = blankToNull(resolveString(value));
        if (resolved == null) {
            return null;
        }
        try {
            return Integer.valueOf(resolved.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(attribute + " must be an integer, was '" + resolved + "'", e);
        }
    }

    private Duration resolveDuration(String value, String attribute) {
        String resolved = blankToNull(resolveString(value));
        if (resolved == null) {
            return null;
        }
        try {
            return DurationStyle.detectAndParse(resolved.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(attribute + " must be a duration such as 500ms or 2s, was '"
                    + resolved + "'", e);
        }
    }

    private Double resolveDouble(String value, String attribute) {
        String resolved = blankToNull(resolveString(value));
        if (resolved == null) {
            return null;
        }
        try {
            return Double.parseDouble(resolved.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(attribute + " must be a number, was '" + resolved + "'", e);
        }
    }

    private Boolean resolveBoolean(String value) {
        String resolved = blankToNull(resolveString(value));
        if (resolved == null) {
            return null;
        }
        if (!resolved.equalsIgnoreCase("true") && !resolved.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("autoStartup must be true or false, was '" + resolved + "'");
        }
        return Boolean.valueOf(resolved);
    }

    private static void addResolved(List<String> topics, Object resolved) {
        if (resolved == null) {
            return;
        }
        if (resolved instanceof String text) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    topics.add(part.strip());
                }
            }
        } else if (resolved instanceof String[] array) {
            for (String part : array) {
                addResolved(topics, part);
            }
        } else if (resolved instanceof Collection<?> collection) {
            collection.forEach(part -> addResolved(topics, part));
        } else {
            topics.add(resolved.toString());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String describe(Collection<Method> methods) {
        return methods.stream().map(method -> method.getDeclaringClass().getSimpleName() + "." + method.getName())
                .toList().toString();
    }
}
