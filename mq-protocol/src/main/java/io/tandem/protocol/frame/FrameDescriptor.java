package io.tandem.protocol.frame;

/**
 * Byte layout of one remoting frame (fact sheet 1.2). All integers are big-endian.
 *
 * <pre>
 *   byte offset   size        field
 *  +-----------+-----------+----------------------------------------------------+
 *  |         0 |         4 | frame length L (int32): bytes after this field     |
 *  |         4 |         4 | header word: serialize type (high 8 bits, 0 = JSON,|
 *  |           |           |   1 = ROCKETMQ) | header length H (low 24 bits)    |
 *  |         8 |         H | header: JSON text or BinaryHeaderDescriptor layout |
 *  |     8 + H | L - 4 - H | body (may be empty)                                |
 *  +-----------+-----------+----------------------------------------------------+
 * </pre>
 *
 * A length-field framer (Netty's {@code LengthFieldBasedFrameDecoder} configured with the constants below) cuts the
 * stream into frames and strips the length field, so {@link FrameDecoder#decode} sees a buffer starting at the
 * header word. Offsets named {@code *_OFFSET} count from the start of the frame including the length field.
 */
public final class FrameDescriptor {

    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int FRAME_LENGTH_FIELD_LENGTH = 4;
    public static final int HEADER_WORD_OFFSET = 4;
    public static final int HEADER_WORD_LENGTH = 4;
    public static final int HEADER_OFFSET = 8;

    /** Bits of the header word that hold the header length. */
    public static final int HEADER_LENGTH_MASK = 0x00FF_FFFF;
    /** Shift of the serialize type byte inside the header word. */
    public static final int SERIALIZE_TYPE_SHIFT = 24;
    /** Largest header length the 24-bit field can express. */
    public static final int MAX_HEADER_LENGTH = HEADER_LENGTH_MASK;

    /**
     * Largest frame a receiver accepts, length field included (16 MiB, the reference default of
     * {@code com.rocketmq.remoting.frameMaxLength}); pass it as the framer's {@code maxFrameLength}.
     */
    public static final int MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    /** Framer setting: bytes to strip from each frame (the length field). */
    public static final int INITIAL_BYTES_TO_STRIP = FRAME_LENGTH_FIELD_LENGTH;
    /** Framer setting: the length field counts neither itself nor anything else extra. */
    public static final int LENGTH_ADJUSTMENT = 0;

    private FrameDescriptor() {
    }

    /** The header word for a serialize type code and a header length. */
    public static int headerWord(int serializeTypeCode, int headerLength) {
        return (serializeTypeCode << SERIALIZE_TYPE_SHIFT) | (headerLength & HEADER_LENGTH_MASK);
    }

    /** The serialize type code held in a header word. */
    public static int serializeTypeCode(int headerWord) {
        return headerWord >>> SERIALIZE_TYPE_SHIFT;
    }

    /** The header length held in a header word. */
    public static int headerLength(int headerWord) {
        return headerWord & HEADER_LENGTH_MASK;
    }
}
