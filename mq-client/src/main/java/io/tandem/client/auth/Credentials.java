package io.tandem.client.auth;

import java.util.Objects;

/**
 * The access key and secret key a client signs its requests with (RocketMQ's {@code SessionCredentials}).
 * {@link #toString()} never shows the secret key or the token; nor does any message of this library.
 *
 * @param accessKey     the user name the broker knows
 * @param secretKey     the user's secret; never sent, only used to sign
 * @param securityToken an optional session token sent along (signed, not checked by Tandem's broker), or null
 */
public record Credentials(String accessKey, String secretKey, String securityToken) {

    /** @throws IllegalArgumentException if the access key or the secret key is blank */
    public Credentials {
        if (accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("the access key must not be blank");
        }
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("the secret key of access key " + accessKey + " must not be empty");
        }
    }

    public static Credentials of(String accessKey, String secretKey) {
        return new Credentials(accessKey, secretKey, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Credentials that && accessKey.equals(that.accessKey)
                && secretKey.equals(that.secretKey) && Objects.equals(securityToken, that.securityToken);
    }

    @Override
    public int hashCode() {
        return accessKey.hashCode();
    }

    @Override
    public String toString() {
        return "Credentials[accessKey=" + accessKey + ", secretKey=***"
                + (securityToken == null ? "" : ", securityToken=***") + ']';
    }
}
