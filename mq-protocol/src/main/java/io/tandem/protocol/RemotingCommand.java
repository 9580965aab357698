package io.tandem.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request or response of the remoting protocol: the logical fields of fact sheet 1.3 plus the body. The frame
 * codec ({@code io.tandem.protocol.frame}) turns it into bytes and back; typed headers
 * ({@code io.tandem.protocol.header}) read and write its extFields.
 *
 * <p>Immutable and therefore safe to share between threads. Build requests with {@link #request(int)} and answers
 * with {@link #response(int)} on the request, which copies the opaque and sets the response flag.
 *
 * <p>Two distinctions of the wire are kept because peers observe them: extFields absent versus present-but-empty
 * (a JSON header writes {@code "extFields":{}} only in the second case, and the Java client crashes on a successful
 * send response without extFields), and a null remark versus an empty one (JSON only; a binary header cannot carry
 * an empty string). An absent body and an empty body are the same thing on the wire and here: {@link #body()} is
 * never null.
 */
public final class RemotingCommand {

    /** Flag bit 0: this command is a response. */
    public static final int RESPONSE_FLAG = 1;
    /** Flag bit 1: this request is oneway; the receiver must not answer. */
    public static final int ONEWAY_FLAG = 2;

    private static final byte[] NO_BODY = new byte[0];

    private final int code;
    private final LanguageCode language;
    private final int version;
    private final int opaque;
    private final int flag;
    private final String remark;
    private final Map<String, String> extFields;
    private final byte[] body;

    private RemotingCommand(Builder builder) {
        this.code = builder.code;
        this.language = Objects.requireNonNull(builder.language, "language");
        this.version = builder.version;
        this.opaque = builder.opaque;
        this.flag = builder.flag;
        this.remark = builder.remark;
        this.extFields = builder.extFields == null ? null : Collections.unmodifiableMap(builder.shareExtFields());
        this.body = builder.body == null ? NO_BODY : builder.body;
    }

    /**
     * A builder for a request with the given code: flag 0, language JAVA, version {@link ProtocolVersion#CURRENT},
     * opaque 0 (the sender assigns a unique one before writing, see {@link #withOpaque(int)}).
     */
    public static Builder request(int code) {
        return new Builder().code(code);
    }

    /**
     * A builder for the response to this request: the given response code, this request's opaque, the response flag
     * set, language JAVA and version {@link ProtocolVersion#CURRENT}. Oneway requests must not be answered; this
     * method does not stop a caller from building one.
     */
    public Builder response(int responseCode) {
        return new Builder().code(responseCode).opaque(opaque).flag(RESPONSE_FLAG);
    }

    /** A builder holding all of this command's fields. */
    public Builder toBuilder() {
        Builder builder = new Builder().code(code).language(language).version(version).opaque(opaque).flag(flag)
                .remark(remark).body(body);
        builder.extFields = extFields == null ? null : new LinkedHashMap<>(extFields);
        return builder;
    }

    /** This command with another opaque (a client numbers its requests as it sends them). */
    public RemotingCommand withOpaque(int newOpaque) {
        return toBuilder().opaque(newOpaque).build();
    }

    /** Request code for a request, response code for a response. */
    public int code() {
        return code;
    }

    public LanguageCode language() {
        return language;
    }

    /** The sender's version ordinal, see {@link ProtocolVersion}. */
    public int version() {
        return version;
    }

    /** Request id; a response carries the opaque of its request. */
    public int opaque() {
        return opaque;
    }

    /** Raw flag bits, see {@link #RESPONSE_FLAG} and {@link #ONEWAY_FLAG}. */
    public int flag() {
        return flag;
    }

    public boolean isResponse() {
        return (flag & RESPONSE_FLAG) != 0;
    }

    /** A oneway request: no response will or may be sent. */
    public boolean isOneway() {
        return (flag & ONEWAY_FLAG) != 0;
    }

    /** Human-readable status or error text, or null. */
    public String remark() {
        return remark;
    }

    /** The custom header fields, unmodifiable, in wire order; empty (never null) when absent. */
    public Map<String, String> extFields() {
        return extFields == null ? Map.of() : extFields;
    }

    /** Whether the header carried an extFields object (possibly empty). */
    public boolean hasExtFields() {
        return extFields != null;
    }

    /** One custom header field, or null. */
    public String extField(String key) {
        return extFields == null ? null : extFields.get(key);
    }

    /**
     * The body bytes, never null (zero length when the frame had none). The array is shared, not copied: do not
     * modify it.
     */
    public byte[] body() {
        return body;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RemotingCommand that
                && code == that.code
                && language == that.language
                && version == that.version
                && opaque == that.opaque
                && flag == that.flag
                && Objects.equals(remark, that.remark)
                && Objects.equals(extFields, that.extFields)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, language, version, opaque, flag, remark, extFields) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "RemotingCommand{" + (isResponse() ? ResponseCode.describe(code) : RequestCode.describe(code))
                + ", opaque=" + opaque + ", flag=" + flag + ", language=" + language + ", version=" + version
                + (remark == null ? "" : ", remark=" + remark)
                + (extFields == null ? "" : ", extFields=" + extFields)
                + ", bodyLength=" + body.length + '}';
    }

    /** Mutable builder; not thread-safe. {@link #build()} may be called more than once. */
    public static final class Builder {

        /** Room for the 13 fields of a SEND_MESSAGE_V2 header without growing (load factor 0.75). */
        private static final int MIN_CAPACITY = 32;

        private int code;
        private LanguageCode language = LanguageCode.JAVA;
        private int version = ProtocolVersion.CURRENT;
        private int opaque;
        private int flag;
        private String remark;
        private LinkedHashMap<String, String> extFields;
        /** Whether a built command holds {@link #extFields}: the next change then works on a copy. */
        private boolean extFieldsShared;
        private byte[] body;

        private Builder() {
        }

        public Builder code(int code) {
            this.code = code;
            return this;
        }

        public Builder language(LanguageCode language) {
            this.language = Objects.requireNonNull(language, "language");
            return this;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder opaque(int opaque) {
            this.opaque = opaque;
            return this;
        }

        /** Replaces all flag bits. */
        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        /** Marks the request as oneway. */
        public Builder oneway() {
            this.flag |= ONEWAY_FLAG;
            return this;
        }

        public Builder remark(String remark) {
            this.remark = remark;
            return this;
        }

        /**
         * Replaces the extFields with a copy of {@code fields} (iteration order kept); null means "absent".
         *
         * @throws NullPointerException if a key or value is null
         */
        public Builder extFields(Map<String, String> fields) {
            if (fields == null) {
                this.extFields = null;
                return this;
            }
            LinkedHashMap<String, String> copy = new LinkedHashMap<>(Math.max(MIN_CAPACITY, fields.size() * 2));
            fields.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "extFields key"),
                    Objects.requireNonNull(value, () -> "extFields value of " + key)));
            this.extFields = copy;
            this.extFieldsShared = false;
            return this;
        }

        /** Adds one field, creating the extFields if absent. */
        public Builder extField(String key, String value) {
            if (extFields == null) {
                extFields = new LinkedHashMap<>(MIN_CAPACITY);
                extFieldsShared = false;
            } else if (extFieldsShared) {
                extFields = new LinkedHashMap<>(extFields);
                extFieldsShared = false;
            }
            extFields.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Hands the extFields to a command being built without copying them; a later change of this builder copies
         * them first, so the command never sees it.
         */
        private LinkedHashMap<String, String> shareExtFields() {
            extFieldsShared = true;
            return extFields;
        }

        /** Sets the body; the array is not copied. */
        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        public RemotingCommand build() {
            return new RemotingCommand(this);
        }
    }
}
