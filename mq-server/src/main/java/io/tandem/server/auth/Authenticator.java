package io.tandem.server.auth;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.auth.RequestSignature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks the signature RocketMQ's {@code AclClientRPCHook} (and Tandem's client) put on every request, see
 * {@link RequestSignature}. The signatures are compared in constant time. Refusals carry the remarks RocketMQ 5.3's
 * broker sends, which the clients show to their users. Thread-safe.
 */
public final class Authenticator {

    /** HmacSHA1 is 20 bytes. */
    private static final int SIGNATURE_BYTES = 20;

    /** The outcome: the user, or why not. */
    public record Outcome(User user, AuthFailure failure, String remark) {

        static Outcome authenticated(User user) {
            return new Outcome(user, null, null);
        }

        static Outcome refused(AuthFailure failure, String remark) {
            return new Outcome(null, failure, remark);
        }

        public boolean isAuthenticated() {
            return user != null;
        }
    }

    private final Users users;

    public Authenticator(Users users) {
        this.users = users;
    }

    public Outcome authenticate(RemotingCommand request) {
        String accessKey = request.extField(RequestSignature.ACCESS_KEY);
        if (accessKey == null) {
            return Outcome.refused(AuthFailure.MISSING_CREDENTIALS, "username cannot be null.");
        }
        if (accessKey.isBlank()) {
            return Outcome.refused(AuthFailure.MALFORMED_CREDENTIALS, "username cannot be null.");
        }
        User user = users.find(accessKey).orElse(null);
        if (user == null) {
            return Outcome.refused(AuthFailure.UNKNOWN_USER, "User:" + Printable.of(accessKey) + " is not found.");
        }
        if (user.status() == UserStatus.DISABLE) {
            return Outcome.refused(AuthFailure.DISABLED_USER, "User:" + Printable.of(accessKey) + " is disabled.");
        }
        String signature = request.extField(RequestSignature.SIGNATURE);
        if (!wellFormed(signature)) {
            return Outcome.refused(AuthFailure.MALFORMED_CREDENTIALS,
                    "check signature failed. (the Signature field is missing or not a Base64 HmacSHA1)");
        }
        String expected = RequestSignature.sign(RequestSignature.content(request), user.secret());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return Outcome.refused(AuthFailure.BAD_SIGNATURE, "check signature failed.");
        }
        return Outcome.authenticated(user);
    }

    private static boolean wellFormed(String signature) {
        if (signature == null || signature.length() > 64) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(signature).length == SIGNATURE_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
