package io.tandem.console.cluster;

import io.tandem.console.config.ConsoleProperties;

import java.net.URI;
import java.util.Optional;

/**
 * The endpoints named by {@code tandem.console.name-servers} and {@code tandem.console.coordinator-url}, with the
 * coordinator account of {@code tandem.console.coordinator-username} and {@code tandem.console.coordinator-password}.
 */
public final class ConfiguredEndpoints implements ClusterEndpoints {

    private final ConsoleProperties properties;

    public ConfiguredEndpoints(ConsoleProperties properties) {
        this.properties = properties;
    }

    @Override
    public String nameServers() {
        if (properties.nameServers() == null) {
            throw new IllegalStateException("tandem.console.name-servers is not set: name the cluster's name servers, "
                    + "e.g. 127.0.0.1:9876");
        }
        return properties.nameServers();
    }

    @Override
    public Optional<URI> coordinatorUrl() {
        return Optional.ofNullable(properties.coordinatorUrl());
    }

    @Override
    public Optional<CoordinatorCredentials> coordinatorCredentials() {
        return properties.coordinatorUsername() == null ? Optional.empty()
                : Optional.of(new CoordinatorCredentials(properties.coordinatorUsername(),
                properties.coordinatorPassword()));
    }
}
