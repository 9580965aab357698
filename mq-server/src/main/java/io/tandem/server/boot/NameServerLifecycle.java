package io.tandem.server.boot;

import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts the stand-alone {@link NameServer} of {@code tandem.role=name-server} with the application context and stops
 * it with the context, in the last phase like {@link BrokerLifecycle}. A name server that cannot bind its port fails
 * startup. Thread-safe.
 */
public final class NameServerLifecycle implements SmartLifecycle {

    private final NameServerConfig config;
    private volatile NameServer nameServer;

    public NameServerLifecycle(NameServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public synchronized void start() {
        if (nameServer != null) {
            return;
        }
        try {
            nameServer = NameServer.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException("name server could not listen on " + config.bindAddress() + ":"
                    + config.port(), e);
        }
    }

    @Override
    public synchronized void stop() {
        NameServer running = nameServer;
        nameServer = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return nameServer != null;
    }

    /** The running name server, empty before start and after stop. */
    public Optional<NameServer> nameServer() {
        return Optional.ofNullable(nameServer);
    }
}
