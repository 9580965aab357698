package io.tandem.protocol.txn;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The signature a transaction coordinator puts on its requests to a producer service's HTTP check endpoint, and
 * that the endpoint verifies: the coordinator signs, the starter's endpoint checks, both with this class.
 *
 * <p>A signed request carries two headers: {@link #TIMESTAMP_HEADER}, the signer's clock in epoch milliseconds as a
 * decimal number, and {@link #SIGNATURE_HEADER}, {@value #VERSION_PREFIX} followed by the unpadded Base64url of the
 * HmacSHA256, keyed with the UTF-8 bytes of the shared secret, of these lines joined by {@code '\n'}:
 * <pre>
 *   TANDEM-CHECK-V1
 *   &lt;method, upper case&gt;
 *   &lt;raw path, as sent: percent-escapes kept&gt;
 *   &lt;raw query, as sent, without '?'; empty when there is none&gt;
 *   &lt;the timestamp header's value&gt;
 *   &lt;lower-case hex SHA-256 of the body; of no bytes for a GET&gt;
 * </pre>
 * The query carries the transaction id, so a signature is valid for one question only; the timestamp limits how long
 * a captured request can be replayed to the window the verifier allows ({@code maxSkewMs}, both ways).
 *
 * <p>Signatures are compared in constant time. Thread-safe; every call makes its own {@link Mac}.
 */
public final class CheckRequestSignature {

    /** Header with the signer's clock, epoch milliseconds. */
    public static final String TIMESTAMP_HEADER = "X-Tandem-Timestamp";
    /** Header with the signature. */
    public static final String SIGNATURE_HEADER = "X-Tandem-Signature";
    /** Prefix of the signature header's value: the version of the signed content. */
    public static final String VERSION_PREFIX = "v1=";
    /** Scheme named in the {@code WWW-Authenticate} header of a refusal. */
    public static final String SCHEME = "Tandem-HMAC-SHA256";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String CONTENT_VERSION = "TANDEM-CHECK-V1";
    private static final int MAX_TIMESTAMP_DIGITS = 19;

    /** Outcome of a verification; only {@link #VALID} admits the request. */
    public enum Verdict {
        /** Signed with one of the accepted secrets, within the time window. */
        VALID,
        /** One of the two headers is missing. */
        MISSING,
        /** A header is not of the documented form. */
        MALFORMED,
        /** The timestamp lies outside the window the verifier allows. */
        EXPIRED,
        /** Well formed and in time, but signed with no accepted secret, or over another request. */
        WRONG_SIGNATURE
    }

    private CheckRequestSignature() {
    }

    /**
     * The value of {@link #SIGNATURE_HEADER} for a request.
     *
     * @param secret      the shared secret, not blank
     * @param method      the HTTP method
     * @param rawPath     the path as sent (with percent-escapes)
     * @param rawQuery    the query as sent, without '?', or null
     * @param body        the body, or null for none
     * @param timestampMs the value sent in {@link #TIMESTAMP_HEADER}
     */
    public static String sign(String secret, String method, String rawPath, String rawQuery, byte[] body,
                              long timestampMs) {
        return VERSION_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac(secret, method, rawPath, rawQuery, body, Long.toString(timestampMs)));
    }

    /**
     * Verifies a received request against every accepted secret (the current one, and the previous one while a
     * secret is being rotated).
     *
     * @param secrets   the accepted secrets, at least one
     * @param timestamp the received {@link #TIMESTAMP_HEADER}, or null
     * @param signature the received {@link #SIGNATURE_HEADER}, or null
     * @param nowMs     the verifier's clock, epoch milliseconds
     * @param maxSkewMs how far the timestamp may lie before or after {@code nowMs}
     */
    public static Verdict verify(List<String> secrets, String method, String rawPath, String rawQuery, byte[] body,
                                 String timestamp, String signature, long nowMs, long maxSkewMs) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed to verify a check request");
        }
        if (timestamp == null || signature == null) {
            return Verdict.MISSING;
        }
        if (timestamp.isEmpty() || timestamp.length() > MAX_TIMESTAMP_DIGITS || !digitsOnly(timestamp)
                || !signature.startsWith(VERSION_PREFIX)) {
            return Verdict.MALFORMED;
        }
        byte[] received;
        try {
            received = Base64.getUrlDecoder().decode(signature.substring(VERSION_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        long timestampMs;
        try {
            timestampMs = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(nowMs - timestampMs) > maxSkewMs) {
            return Verdict.EXPIRED;
        }
        boolean matched = false;
        for (String secret : secrets) {
            // Every secret is tried, so the time taken does not tell which one matched.
            matched |= MessageDigest.isEqual(received, mac(secret, method, rawPath, rawQuery, body, timestamp));
        }
        return matched ? Verdict.VALID : Verdict.WRONG_SIGNATURE;
    }

    private static byte[] mac(String secret, String method, String rawPath, String rawQuery, byte[] body,
                              String timestamp) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isBlank()) {
            throw new IllegalArgumentException("the check endpoint's secret must not be blank");
        }
        String content = CONTENT_VERSION + '\n' + method.toUpperCase(Locale.ROOT) + '\n' + rawPath + '\n'
                + (rawQuery == null ? "" : rawQuery) + '\n' + timestamp + '\n' + sha256Hex(body);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body == null ? new byte[0] : body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static boolean digitsOnly(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
