package io.tandem.protocol.message;

/**
 * Byte layout of one inner message in a SEND_BATCH_MESSAGE body (fact sheet 4.5); the body is these entries back to
 * back. All integers are big-endian.
 *
 * <pre>
 *   byte offset   size    field
 *  +-----------+-------+-------------------------------------------------+
 *  |         0 |     4 | total size: bytes of this entry, field included |
 *  |         4 |     4 | magic code (0 from Java producers, ignored)     |
 *  |         8 |     4 | body CRC (0 from Java producers, ignored)       |
 *  |        12 |     4 | flag (the message's user flag)                  |
 *  |        16 | 4 + B | body length B (int32), body                     |
 *  |    20 + B | 2 + P | properties length P (int16), property string   |
 *  +-----------+-------+-------------------------------------------------+
 * </pre>
 */
public final class BatchMessageDescriptor {

    public static final int TOTAL_SIZE_OFFSET = 0;
    public static final int MAGIC_CODE_OFFSET = 4;
    public static final int BODY_CRC_OFFSET = 8;
    public static final int FLAG_OFFSET = 12;
    public static final int BODY_LENGTH_OFFSET = 16;
    public static final int BODY_OFFSET = 20;
    public static final int BODY_LENGTH_FIELD_LENGTH = 4;
    public static final int PROPERTIES_LENGTH_FIELD_LENGTH = 2;

    /** An entry with empty body and no properties. */
    public static final int MIN_ENTRY_LENGTH = BODY_OFFSET + PROPERTIES_LENGTH_FIELD_LENGTH;

    private BatchMessageDescriptor() {
    }

    /** Offset of the properties length field for a body of {@code bodyLength} bytes. */
    public static int propertiesLengthOffset(int bodyLength) {
        return BODY_OFFSET + bodyLength;
    }
}
