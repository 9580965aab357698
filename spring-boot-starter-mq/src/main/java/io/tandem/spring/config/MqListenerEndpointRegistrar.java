package io.tandem.spring.config;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects listener endpoints while the application context starts and hands them, each with its container factory,
 * to the {@link MqListenerEndpointRegistry} once every singleton exists. A
 * {@link io.tandem.spring.annotation.MqListenerConfigurer} receives it to register endpoints of its own, to choose the
 * default container factory, or to replace the {@link MessageHandlerMethodFactory} that turns annotated methods into
 * listeners.
 *
 * <p>Endpoints registered after {@link #afterPropertiesSet()} (by beans created later) go to the registry at once.
 * Thread-safe.
 */
public final class MqListenerEndpointRegistrar {

    /** Name of the container factory bean used when an endpoint names none. */
    public static final String DEFAULT_CONTAINER_FACTORY_BEAN_NAME = "mqListenerContainerFactory";

    private record Registration(MqListenerEndpoint endpoint, MqListenerContainerFactory factory,
                                String factoryBeanName) {
    }

    private final List<Registration> registrations = new ArrayList<>();
    private MqListenerEndpointRegistry registry;
    private MessageHandlerMethodFactory messageHandlerMethodFactory;
    private MqListenerContainerFactory containerFactory;
    private String containerFactoryBeanName = DEFAULT_CONTAINER_FACTORY_BEAN_NAME;
    private BeanFactory beanFactory;
    private boolean started;

    public synchronized void setEndpointRegistry(MqListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    public synchronized MqListenerEndpointRegistry getEndpointRegistry() {
        return registry;
    }

    /** Replaces the factory that creates the invocable methods of {@code @MqListener} and {@code @MqDlqHandler}. */
    public synchronized void setMessageHandlerMethodFactory(MessageHandlerMethodFactory factory) {
        this.messageHandlerMethodFactory = factory;
    }

    public synchronized MessageHandlerMethodFactory getMessageHandlerMethodFactory() {
        return messageHandlerMethodFactory;
    }

    /** The container factory of endpoints that name none (instead of the bean {@code mqListenerContainerFactory}). */
    public synchronized void setContainerFactory(MqListenerContainerFactory containerFactory) {
        this.containerFactory = containerFactory;
    }

    /** The bean name of the container factory of endpoints that name none. */
    public synchronized void setContainerFactoryBeanName(String containerFactoryBeanName) {
        this.containerFactoryBeanName = Objects.requireNonNull(containerFactoryBeanName, "containerFactoryBeanName");
    }

    public synchronized void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /** Registers {@code endpoint} with the default container factory. */
    public void registerEndpoint(MqListenerEndpoint endpoint) {
        register(new Registration(Objects.requireNonNull(endpoint, "endpoint"), null, null));
    }

    /** Registers {@code endpoint} with {@code factory}. */
    public void registerEndpoint(MqListenerEndpoint endpoint, MqListenerContainerFactory factory) {
        register(new Registration(Objects.requireNonNull(endpoint, "endpoint"), factory, null));
    }

    /** Registers {@code endpoint} with the container factory bean {@code factoryBeanName} (blank: the default). */
    public void registerEndpoint(MqListenerEndpoint endpoint, String factoryBeanName) {
        register(new Registration(Objects.requireNonNull(endpoint, "endpoint"), null,
                factoryBeanName == null || factoryBeanName.isBlank() ? null : factoryBeanName));
    }

    private void register(Registration registration) {
        boolean now;
        synchronized (this) {
            now = started;
            if (!now) {
                registrations.add(registration);
            }
        }
        if (now) {
            requireRegistry().registerListenerContainer(registration.endpoint(), factoryOf(registration));
        }
    }

    /**
     * Registers every endpoint collected so far with the registry.
     *
     * @throws IllegalStateException if there is no registry or an endpoint's container factory cannot be found
     */
    public void afterPropertiesSet() {
        List<Registration> pending;
        synchronized (this) {
            started = true;
            pending = List.copyOf(registrations);
            registrations.clear();
        }
        MqListenerEndpointRegistry target = requireRegistry();
        for (Registration registration : pending) {
            target.registerListenerContainer(registration.endpoint(), factoryOf(registration));
        }
    }

    private synchronized MqListenerEndpointRegistry requireRegistry() {
        if (registry == null) {
            throw new IllegalStateException("no MqListenerEndpointRegistry set on the registrar");
        }
        return registry;
    }

    private synchronized MqListenerContainerFactory factoryOf(Registration registration) {
        if (registration.factory() != null) {
            return registration.factory();
        }
        if (registration.factoryBeanName() == null && containerFactory != null) {
            return containerFactory;
        }
        String name = registration.factoryBeanName() != null ? registration.factoryBeanName()
                : containerFactoryBeanName;
        if (beanFactory == null || !beanFactory.containsBean(name)) {
            throw new IllegalStateException("listener " + registration.endpoint().id() + " needs a"
                    + " MqListenerContainerFactory bean named '" + name + "', and there is none");
        }
        return beanFactory.getBean(name, MqListenerContainerFactory.class);
    }
}
