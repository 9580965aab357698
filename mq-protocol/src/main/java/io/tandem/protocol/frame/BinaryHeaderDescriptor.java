package io.tandem.protocol.frame;

/**
 * Byte layout of the ROCKETMQ binary header (fact sheet 1.5), the header area of a frame whose serialize type is 1.
 * All integers are big-endian; strings are UTF-8.
 *
 * <pre>
 *   byte offset   size  field
 *  +-----------+------+---------------------------------------------+
 *  |         0 |    2 | code (int16)                                |
 *  |         2 |    1 | language code                               |
 *  |         3 |    2 | version (int16)                             |
 *  |         5 |    4 | opaque (int32)                              |
 *  |         9 |    4 | flag (int32)                                |
 *  |        13 |    4 | remark length R (int32; 0 = no remark)      |
 *  |        17 |    R | remark                                      |
 *  |    17 + R |    4 | ext length E (int32; 0 = no entries)        |
 *  |    21 + R |    E | entries, back to back                       |
 *  +-----------+------+---------------------------------------------+
 *
 *   one entry:
 *  +----------------+-----------+------------------+---------------+
 *  | key length K   | key       | value length V   | value         |
 *  | (int16)        | (K bytes) | (int32)          | (V bytes)     |
 *  +----------------+-----------+------------------+---------------+
 * </pre>
 *
 * A zero-length remark means "no remark", so an empty remark cannot be carried; a zero-length key or value is
 * decoded as the empty string.
 * Offsets past the remark depend on its length; {@link #extLengthOffset(int)} computes the first of them.
 */
public final class BinaryHeaderDescriptor {

    public static final int CODE_OFFSET = 0;
    public static final int LANGUAGE_OFFSET = 2;
    public static final int VERSION_OFFSET = 3;
    public static final int OPAQUE_OFFSET = 5;
    public static final int FLAG_OFFSET = 9;
    public static final int REMARK_LENGTH_OFFSET = 13;
    public static final int REMARK_OFFSET = 17;

    /** Size of the ext length field. */
    public static final int EXT_LENGTH_FIELD_LENGTH = 4;
    /** Size of an entry's key length field. */
    public static final int KEY_LENGTH_FIELD_LENGTH = 2;
    /** Size of an entry's value length field. */
    public static final int VALUE_LENGTH_FIELD_LENGTH = 4;

    /** A header with no remark and no ext entries. */
    public static final int MIN_HEADER_LENGTH = REMARK_OFFSET + EXT_LENGTH_FIELD_LENGTH;

    private BinaryHeaderDescriptor() {
    }

    /** Offset of the ext length field for a remark of {@code remarkLength} bytes. */
    public static int extLengthOffset(int remarkLength) {
        return REMARK_OFFSET + remarkLength;
    }
}
