package io.tandem.protocol.auth;

import io.tandem.protocol.ProtocolVersion;
import io.tandem.protocol.RemotingCommand;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request signature of RocketMQ's remoting ACL ({@code AclClientRPCHook} on the client, ACL 2.0's authentication
 * on the broker), computed the same way on both sides.
 *
 * <p>The signer adds {@link #ACCESS_KEY} (and {@link #SECURITY_TOKEN} when it has one) to the request's extFields,
 * then signs: the values (not the keys) of every extField except {@link #SIGNATURE}, in ascending order of their
 * keys (Java string order), concatenated as UTF-8 text, followed by the body bytes. The signature is the standard
 * Base64 of the HmacSHA1 of that content keyed with the UTF-8 bytes of the secret key, sent as {@link #SIGNATURE}.
 * No timestamp is part of it: RocketMQ 5.3.3's remoting client sends none, so a captured request stays valid (TLS
 * is what protects against replays on the wire).
 *
 * <p>One quirk of the reference is kept: for requests from clients at or before 4.9.3 the field
 * {@value #UNIQUE_KEY_QUERY_FLAG} is left out, because those clients added it after signing.
 *
 * <p>Thread-safe; every call makes its own {@link Mac}.
 */
public final class RequestSignature {

    /** extField naming the user (RocketMQ's {@code SessionCredentials.ACCESS_KEY}). */
    public static final String ACCESS_KEY = "AccessKey";
    /** extField carrying the Base64 signature. */
    public static final String SIGNATURE = "Signature";
    /** Optional extField with a session token; signed like any other field, not checked by Tandem. */
    public static final String SECURITY_TOKEN = "SecurityToken";
    /** Query-message flag that clients up to 4.9.3 added after signing. */
    public static final String UNIQUE_KEY_QUERY_FLAG = "_UNIQUE_KEY_QUERY";

    private static final String ALGORITHM = "HmacSHA1";
    /** Ordinal of V4_9_3 in the reference's version enum: the one before {@link ProtocolVersion#V4_9_4}. */
    private static final int LAST_VERSION_SIGNING_BEFORE_UNIQUE_KEY_FLAG = ProtocolVersion.V4_9_4 - 1;

    private RequestSignature() {
    }

    /** The bytes that are signed for {@code request}: see the class description. */
    public static byte[] content(RemotingCommand request) {
        Map<String, String> fields = request.extFields();
        byte[] body = request.body();
        if (fields == null || fields.isEmpty()) {
            return body;
        }
        boolean skipUniqueKeyFlag = request.version() <= LAST_VERSION_SIGNING_BEFORE_UNIQUE_KEY_FLAG;
        StringBuilder text = new StringBuilder(256);
        for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
            String key = field.getKey();
            if (SIGNATURE.equals(key) || (skipUniqueKeyFlag && UNIQUE_KEY_QUERY_FLAG.equals(key))) {
                continue;
            }
            text.append(field.getValue());
        }
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        if (body.length == 0) {
            return head;
        }
        byte[] content = new byte[head.length + body.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(body, 0, content, head.length, body.length);
        return content;
    }

    /**
     * The Base64 HmacSHA1 of {@code content} keyed with {@code secretKey}.
     *
     * @throws IllegalArgumentException if the secret key is empty (HMAC needs a key)
     */
    public static String sign(byte[] content, String secretKey) {
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("the secret key must not be empty");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    /**
     * {@code request} with {@link #ACCESS_KEY}, {@link #SECURITY_TOKEN} (when not null) and {@link #SIGNATURE} added,
     * as {@code AclClientRPCHook} sends it.
     */
    public static RemotingCommand signed(RemotingCommand request, String accessKey, String secretKey,
                                         String securityToken) {
        RemotingCommand.Builder builder = request.toBuilder().extField(ACCESS_KEY, accessKey);
        if (securityToken != null) {
            builder.extField(SECURITY_TOKEN, securityToken);
        }
        RemotingCommand unsigned = builder.build();
        return builder.extField(SIGNATURE, sign(content(unsigned), secretKey)).build();
    }
}
