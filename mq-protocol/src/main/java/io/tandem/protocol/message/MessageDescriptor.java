package io.tandem.protocol.message;

/**
 * Byte layout of one stored-message record as it travels in pull, query and view-by-id response bodies and in the
 * bodies of CHECK_TRANSACTION_STATE and CONSUME_MESSAGE_DIRECTLY (fact sheet 4.1). Records are concatenated with no
 * separator. All integers are big-endian.
 *
 * <pre>
 *   byte offset    size      field
 *  +------------+---------+----------------------------------------------------------+
 *  |          0 |       4 | total size: bytes of this record, this field included    |
 *  |          4 |       4 | magic code: MAGIC_CODE_V1 or MAGIC_CODE_V2               |
 *  |          8 |       4 | body CRC: CRC-32 of the body as stored, AND 0x7FFFFFFF   |
 *  |         12 |       4 | queue id                                                 |
 *  |         16 |       4 | flag (the user's int flag)                               |
 *  |         20 |       8 | queue offset (logical offset in the queue)               |
 *  |         28 |       8 | physical offset (commit-log offset)                      |
 *  |         36 |       4 | sys flag (MessageSysFlag)                                |
 *  |         40 |       8 | born timestamp (ms)                                      |
 *  |         48 |   A + 4 | born host: address (A = 4, or 16 if BORN_HOST_V6), port  |
 *  |     52 + A |       8 | store timestamp (ms)                                     |
 *  |     60 + A |   S + 4 | store host: address (S = 4, or 16 if STORE_HOST_V6), port|
 *  | 64 + A + S |       4 | reconsume times                                          |
 *  | 68 + A + S |       8 | prepared transaction offset (commit-log offset of half)  |
 *  | 76 + A + S |   4 + B | body length B (int32), body                              |
 *  |  ...       | t + T   | topic length T (t = 1 byte for V1, 2 for V2), topic      |
 *  |  ...       |   2 + P | properties length P (int16), property string (UTF-8)     |
 *  +------------+---------+----------------------------------------------------------+
 * </pre>
 *
 * Offsets up to the born host are fixed; later ones depend on the two address lengths and are computed by the
 * static methods below from the sys flag.
 */
public final class MessageDescriptor {

    public static final int TOTAL_SIZE_OFFSET = 0;
    public static final int MAGIC_CODE_OFFSET = 4;
    public static final int BODY_CRC_OFFSET = 8;
    public static final int QUEUE_ID_OFFSET = 12;
    public static final int FLAG_OFFSET = 16;
    public static final int QUEUE_OFFSET_OFFSET = 20;
    public static final int PHYSICAL_OFFSET_OFFSET = 28;
    public static final int SYS_FLAG_OFFSET = 36;
    public static final int BORN_TIMESTAMP_OFFSET = 40;
    public static final int BORN_HOST_OFFSET = 48;

    /** Magic of records whose topic length is one byte (topics up to 127 bytes). */
    public static final int MAGIC_CODE_V1 = 0xDAA320A7;
    /** Magic of records whose topic length is two bytes. */
    public static final int MAGIC_CODE_V2 = 0xDAA320AB;

    public static final int IPV4_ADDRESS_LENGTH = 4;
    public static final int IPV6_ADDRESS_LENGTH = 16;
    public static final int PORT_LENGTH = 4;
    public static final int TIMESTAMP_LENGTH = 8;
    public static final int RECONSUME_TIMES_LENGTH = 4;
    public static final int PREPARED_TRANSACTION_OFFSET_LENGTH = 8;
    public static final int BODY_LENGTH_FIELD_LENGTH = 4;
    public static final int TOPIC_LENGTH_FIELD_LENGTH_V1 = 1;
    public static final int TOPIC_LENGTH_FIELD_LENGTH_V2 = 2;
    public static final int PROPERTIES_LENGTH_FIELD_LENGTH = 2;

    /** Longest topic, in UTF-8 bytes, that a V1 record can carry. */
    public static final int MAX_V1_TOPIC_LENGTH = Byte.MAX_VALUE;
    /** Longest property string, in UTF-8 bytes (the length is a signed int16). */
    public static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;

    /** Bytes of a record with IPv4 hosts, empty body, empty topic (V1) and no properties. */
    public static final int MIN_RECORD_LENGTH = bodyLengthOffset(0) + BODY_LENGTH_FIELD_LENGTH
            + TOPIC_LENGTH_FIELD_LENGTH_V1 + PROPERTIES_LENGTH_FIELD_LENGTH;

    private MessageDescriptor() {
    }

    /** Address length of the born host for a sys flag. */
    public static int bornHostAddressLength(int sysFlag) {
        return (sysFlag & MessageSysFlag.BORN_HOST_V6) != 0 ? IPV6_ADDRESS_LENGTH : IPV4_ADDRESS_LENGTH;
    }

    /** Address length of the store host for a sys flag. */
    public static int storeHostAddressLength(int sysFlag) {
        return (sysFlag & MessageSysFlag.STORE_HOST_V6) != 0 ? IPV6_ADDRESS_LENGTH : IPV4_ADDRESS_LENGTH;
    }

    public static int storeTimestampOffset(int sysFlag) {
        return BORN_HOST_OFFSET + bornHostAddressLength(sysFlag) + PORT_LENGTH;
    }

    public static int storeHostOffset(int sysFlag) {
        return storeTimestampOffset(sysFlag) + TIMESTAMP_LENGTH;
    }

    public static int reconsumeTimesOffset(int sysFlag) {
        return storeHostOffset(sysFlag) + storeHostAddressLength(sysFlag) + PORT_LENGTH;
    }

    public static int preparedTransactionOffsetOffset(int sysFlag) {
        return reconsumeTimesOffset(sysFlag) + RECONSUME_TIMES_LENGTH;
    }

    public static int bodyLengthOffset(int sysFlag) {
        return preparedTransactionOffsetOffset(sysFlag) + PREPARED_TRANSACTION_OFFSET_LENGTH;
    }

    /** Size of the topic length field for a magic code (0 when the magic is unknown). */
    public static int topicLengthFieldLength(int magicCode) {
        return switch (magicCode) {
            case MAGIC_CODE_V1 -> TOPIC_LENGTH_FIELD_LENGTH_V1;
            case MAGIC_CODE_V2 -> TOPIC_LENGTH_FIELD_LENGTH_V2;
            default -> 0;
        };
    }
}
