package io.tandem.bench.e2e;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The user a signed run's client signs its requests as: the broker's initial super user, created at its start.
 *
 * @param accessKey the user name
 * @param secretKey its secret, new for every run
 */
public record Credentials(String accessKey, String secretKey) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public Credentials {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    /** The user {@code bench} with a random 256-bit secret. */
    public static Credentials random() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new Credentials("bench", Base64.getEncoder().encodeToString(secret));
    }

    @Override
    public String toString() {
        return "Credentials[accessKey=" + accessKey + ", secretKey=<hidden>]";
    }
}
