package io.tandem.console.cluster;

import java.util.Objects;

/**
 * The account the console signs in to the coordinator's API with (HTTP Basic): a user with the operator role there.
 * The console checks its own users' roles before it calls; the coordinator records the signed-in user's name when the
 * account may act on behalf of others (tandem-app's own account), else this account's name.
 *
 * @param username the coordinator user
 * @param password its password, in plain text (never in {@link #toString()})
 */
public record CoordinatorCredentials(String username, String password) {

    public CoordinatorCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank() || username.contains(":")) {
            throw new IllegalArgumentException("the coordinator user name must be non-blank and without ':', was '"
                    + username + "'");
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "CoordinatorCredentials[username=" + username + "]";
    }
}
