package io.tandem.server.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * Authentication and authorization settings of a broker. Immutable; validated when built.
 *
 * @param authentication  whether every request must carry a valid signature of a known, enabled user
 * @param authorization   whether an authenticated normal user may only do what its ACL allows (needs
 *                        authentication)
 * @param initialUser     a super user created at start when no user of that name exists, or null
 * @param allowInsecure   whether a listener may bind to a non-loopback address with authentication off (it then
 *                        warns at every start)
 * @param failureDelay    delay of the first slowed-down answer to repeated authentication failures from one source
 * @param maxFailureDelay longest such delay
 */
public record AuthConfig(boolean authentication, boolean authorization, InitialUser initialUser,
                         boolean allowInsecure, Duration failureDelay, Duration maxFailureDelay) {

    /** Both off, no initial user, 100 ms to 5 s failure delays: the embedded default on 127.0.0.1. */
    public static final AuthConfig DISABLED = new AuthConfig(false, false, null, false, Duration.ofMillis(100),
            Duration.ofSeconds(5));

    /**
     * The first super user; its secret never appears in {@link #toString()}.
     *
     * @param username access key
     * @param secret   secret key
     */
    public record InitialUser(String username, String secret) {

        /** @throws IllegalArgumentException if the name or the secret is unusable */
        public InitialUser {
            new User(username, secret, UserType.SUPER, UserStatus.ENABLE);
        }

        /** The super user this describes. */
        public User toUser() {
            return new User(username, secret, UserType.SUPER, UserStatus.ENABLE);
        }

        @Override
        public String toString() {
            return "InitialUser[username=" + username + ", secret=***]";
        }
    }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public AuthConfig {
        if (authorization && !authentication) {
            throw new IllegalArgumentException("authorization needs authentication: switch authentication on too");
        }
        Objects.requireNonNull(failureDelay, "failureDelay");
        Objects.requireNonNull(maxFailureDelay, "maxFailureDelay");
        if (failureDelay.isNegative() || failureDelay.isZero()) {
            throw new IllegalArgumentException("failureDelay must be positive, was " + failureDelay);
        }
        if (maxFailureDelay.compareTo(failureDelay) < 0 || maxFailureDelay.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("maxFailureDelay must be between failureDelay (" + failureDelay
                    + ") and 1 minute, was " + maxFailureDelay);
        }
    }

    /** Authentication and authorization on, with the given first super user (null: users exist already). */
    public static AuthConfig enabled(InitialUser initialUser) {
        return new AuthConfig(true, true, initialUser, false, DISABLED.failureDelay, DISABLED.maxFailureDelay);
    }

    public AuthConfig withAllowInsecure(boolean allow) {
        return new AuthConfig(authentication, authorization, initialUser, allow, failureDelay, maxFailureDelay);
    }
}
