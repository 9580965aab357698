package io.tandem.protocol;

/**
 * How a frame's header is serialized: the high byte of the frame's header word (fact sheet 1.2). Each frame carries
 * its own type, so requests and responses on one connection may use different serializations.
 */
public enum SerializeType {

    /** UTF-8 JSON object (fact sheet 1.4). Always understood by Java clients. */
    JSON((byte) 0),
    /** Compact binary header (fact sheet 1.5). */
    ROCKETMQ((byte) 1);

    private final byte code;

    SerializeType(byte code) {
        this.code = code;
    }

    /** The value of the header word's high byte. */
    public byte code() {
        return code;
    }

    /**
     * The serialization for a header word's high byte.
     *
     * @throws ProtocolException for any value other than 0 and 1
     */
    public static SerializeType fromCode(int code) {
        return switch (code) {
            case 0 -> JSON;
            case 1 -> ROCKETMQ;
            default -> throw new ProtocolException("unknown header serialize type " + code
                    + " (expected 0 = JSON or 1 = ROCKETMQ)");
        };
    }
}
