package io.tandem.server.auth;

import io.tandem.protocol.body.UserInfo;

import java.util.Objects;

/**
 * A user: the access key clients sign with, the secret key the signature is checked with, its type and status.
 * {@link #toString()} never shows the secret.
 *
 * @param username access key; 1 to 255 characters, no whitespace or control characters
 * @param secret   secret key; at least {@value #MIN_SECRET_LENGTH} characters
 * @param type     super or normal
 * @param status   enabled or disabled
 */
public record User(String username, String secret, UserType type, UserStatus status) {

    /** The shortest secret accepted (RocketMQ's plain ACL asked for 6; use 32 random characters or more). */
    public static final int MIN_SECRET_LENGTH = 6;
    static final int MAX_USERNAME_LENGTH = 255;

    /** @throws IllegalArgumentException naming what is wrong with the username or the secret */
    public User {
        requireUsername(username);
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the secret of user '" + username + "' must have at least "
                    + MIN_SECRET_LENGTH + " characters");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
    }

    static void requireUsername(String username) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("the username is blank");
        }
        if (username.length() > MAX_USERNAME_LENGTH
                || username.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("the username must have at most " + MAX_USERNAME_LENGTH
                    + " characters and no whitespace or control characters: '" + Printable.of(username) + "'");
        }
    }

    /** The subject key of this user in ACLs: {@code User:<name>}. */
    public String subject() {
        return Subjects.of(username);
    }

    public boolean isSuper() {
        return type == UserType.SUPER;
    }

    /** The user as a file or admin body; with the secret only when {@code withSecret}. */
    UserInfo toInfo(boolean withSecret) {
        return new UserInfo(username, withSecret ? secret : null, type.wireName(), status.wireName());
    }

    @Override
    public String toString() {
        return "User[username=" + username + ", type=" + type + ", status=" + status + ']';
    }
}
