package io.tandem.spring.config;

import io.tandem.spring.listener.MqListenerContainer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Holds the listener containers of the application by endpoint id and runs their lifecycle: the containers are not
 * beans, this registry is. It starts the containers whose auto-startup is on when the application context has been
 * refreshed (in phase {@link MqListenerContainerFactory#DEFAULT_PHASE}, after ordinary beans), and stops all of them,
 * in parallel and each gracefully, when the context closes. Applications inject it to find a container, to
 * {@link #pause} and {@link #resume} one, or to start one whose auto-startup is off.
 *
 * <p>Thread-safe. A container registered while the registry is running is started at once if its auto-startup is on.
 */
public final class MqListenerEndpointRegistry implements SmartLifecycle, DisposableBean {

    private final Map<String, MqListenerContainer> containers = new LinkedHashMap<>();
    private volatile boolean running;

    /**
     * Creates the container of {@code endpoint} with {@code factory} and keeps it under the endpoint's id.
     *
     * @throws IllegalStateException if a container with that id exists
     */
    public MqListenerContainer registerListenerContainer(MqListenerEndpoint endpoint,
                                                         MqListenerContainerFactory factory) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(factory, "factory");
        MqListenerContainer container;
        synchronized (containers) {
            if (containers.containsKey(endpoint.id())) {
                throw new IllegalStateException("another listener is registered with id '" + endpoint.id()
                        + "'; give each @MqListener a unique id");
            }
            container = factory.createListenerContainer(endpoint);
            containers.put(endpoint.id(), container);
        }
        if (running && container.isAutoStartup()) {
            container.start();
        }
        return container;
    }

    /** The container of endpoint {@code id}, or null. */
    public MqListenerContainer getListenerContainer(String id) {
        synchronized (containers) {
            return containers.get(id);
        }
    }

    public Set<String> getListenerContainerIds() {
        synchronized (containers) {
            return Set.copyOf(containers.keySet());
        }
    }

    public Collection<MqListenerContainer> getListenerContainers() {
        synchronized (containers) {
            return List.copyOf(containers.values());
        }
    }

    /**
     * Pauses the container of endpoint {@code id} (see {@link MqListenerContainer#pause()}).
     *
     * @throws IllegalArgumentException if there is no such container
     */
    public void pause(String id) {
        require(id).pause();
    }

    /**
     * Resumes the container of endpoint {@code id} (see {@link MqListenerContainer#resume()}).
     *
     * @throws IllegalArgumentException if there is no such container
     */
    public void resume(String id) {
        require(id).resume();
    }

    private MqListenerContainer require(String id) {
        MqListenerContainer container = getListenerContainer(id);
        if (container == null) {
            throw new IllegalArgumentException("no listener container with id '" + id + "'; known: "
                    + getListenerContainerIds());
        }
        return container;
    }

    @Override
    public void start() {
        for (MqListenerContainer container : getListenerContainers()) {
            if (container.isAutoStartup()) {
                container.start();
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        List<Thread> stopping = new ArrayList<>();
        for (MqListenerContainer container : getListenerContainers()) {
            if (container.isRunning()) {
                stopping.add(startThread("tandem-listener-stop-" + container.id(), container::stop));
            }
        }
        boolean interrupted = false;
        for (Thread thread : stopping) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every container on another thread and then runs {@code callback}. */
    @Override
    public void stop(Runnable callback) {
        startThread("tandem-listener-registry-stop", () -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return MqListenerContainerFactory.DEFAULT_PHASE;
    }

    /** Stops containers still running when the context is destroyed without a lifecycle stop. */
    @Override
    public void destroy() {
        for (MqListenerContainer container : getListenerContainers()) {
            if (container.isRunning()) {
                container.stop();
            }
        }
        running = false;
    }

    /** A started daemon thread: a platform one, since the starter runs on Java 17 too; these threads are few. */
    private static Thread startThread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
