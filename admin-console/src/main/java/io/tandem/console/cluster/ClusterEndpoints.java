package io.tandem.console.cluster;

import java.net.URI;
import java.util.Optional;

/**
 * Where the console finds the cluster: its name servers, and the transaction coordinator's HTTP API. Asked on every
 * use, so an implementation may learn them late (the embedded application knows its broker's ports only once the
 * broker started).
 */
public interface ClusterEndpoints {

    /**
     * The name servers, {@code host:port;host:port}.
     *
     * @throws IllegalStateException while they are not known yet
     */
    String nameServers();

    /** The coordinator's base URL ({@code http://host:port}), or empty when there is none. */
    Optional<URI> coordinatorUrl();

    /**
     * The account the console signs in to the coordinator's API with, or empty when the coordinator asks for no login.
     */
    default Optional<CoordinatorCredentials> coordinatorCredentials() {
        return Optional.empty();
    }
}
