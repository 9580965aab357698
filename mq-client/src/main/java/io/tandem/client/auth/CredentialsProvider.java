package io.tandem.client.auth;

import java.util.Objects;

/**
 * Where a client gets its {@link Credentials}: asked before every request is signed, so a provider that reads a
 * rotated secret (from a file, a vault) takes effect without restarting the client. Must be thread-safe and fast
 * (cache what is slow to fetch); an exception fails the request being sent, naming the provider's message.
 */
@FunctionalInterface
public interface CredentialsProvider {

    Credentials credentials();

    /** Always the same credentials. */
    static CredentialsProvider of(Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return new CredentialsProvider() {
            @Override
            public Credentials credentials() {
                return credentials;
            }

            @Override
            public String toString() {
                return "static " + credentials;
            }
        };
    }
}
