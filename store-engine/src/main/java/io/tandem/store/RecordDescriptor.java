package io.tandem.store;

/**
 * Byte layout of one commit log record. All integers are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  length (whole record, bytes)                 |  0
 *  +---------------------------------------------------------------+
 *  |                 CRC32C of bytes [8, length)                   |  4
 *  +---------------------------------------------------------------+
 *  |                 magic (RECORD_MAGIC or FILLER_MAGIC)          |  8
 *  +---------------------------------------------------------------+
 *  |                           queue id                            | 12
 *  +---------------------------------------------------------------+
 *  |                 position (this record's log position)         | 16
 *  +---------------------------------------------------------------+
 *  |                 queue offset (dense per topic/queue)          | 24
 *  +---------------------------------------------------------------+
 *  |                 born timestamp (ms, producer clock)           | 32
 *  +---------------------------------------------------------------+
 *  |                 store timestamp (ms, store clock)             | 40
 *  +---------------------------------------------------------------+
 *  |                 tag hash                                      | 48
 *  +---------------------------------------------------------------+
 *  |                 prepared position (-1: none)                  | 56
 *  +---------------------------------------------------------------+
 *  |                           flags                               | 64
 *  +---------------------------------------------------------------+
 *  |                        reconsume times                        | 68
 *  +-------------------------------+-------------------------------+
 *  |       topic length (u16)      |    born host length (u16)     | 72
 *  +-------------------------------+-------------------------------+
 *  |       keys length (u16)       |          reserved (0)         | 76
 *  +-------------------------------+-------------------------------+
 *  |                       properties length                       | 80
 *  +---------------------------------------------------------------+
 *  |                          body length                          | 84
 *  +---------------------------------------------------------------+
 *  |  topic (UTF-8) | born host | keys | properties | body  ...    | 88
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The keys area is a sequence of (u16 length, UTF-8 bytes) pairs. A record never crosses a segment boundary:
 * when the next record does not fit, the rest of the segment is closed with a filler (length = bytes to the end
 * of the segment, CRC over [8, 24), FILLER_MAGIC, position at 16) or, when fewer than {@link #FILLER_LENGTH}
 * bytes remain, left as zeros.
 *
 * <p>Design note: the layout sits in the API package, not in {@code log}, because it is part of what the store
 * hands out: {@link StoredMessage} reads its fields from a record image and {@link StoredMessage#recordBytes()}
 * gives that image to callers, while the commit log only writes and verifies it.
 */
public final class RecordDescriptor {

    public static final int LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int MAGIC_OFFSET = 8;
    public static final int QUEUE_ID_OFFSET = 12;
    public static final int POSITION_OFFSET = 16;
    public static final int QUEUE_OFFSET_OFFSET = 24;
    public static final int BORN_TIMESTAMP_OFFSET = 32;
    public static final int STORE_TIMESTAMP_OFFSET = 40;
    public static final int TAG_HASH_OFFSET = 48;
    public static final int PREPARED_POSITION_OFFSET = 56;
    public static final int FLAGS_OFFSET = 64;
    public static final int RECONSUME_TIMES_OFFSET = 68;
    public static final int TOPIC_LENGTH_OFFSET = 72;
    public static final int BORN_HOST_LENGTH_OFFSET = 74;
    public static final int KEYS_LENGTH_OFFSET = 76;
    public static final int PROPERTIES_LENGTH_OFFSET = 80;
    public static final int BODY_LENGTH_OFFSET = 84;
    public static final int HEADER_LENGTH = 88;

    /** First byte covered by the CRC. */
    public static final int CRC_FROM = MAGIC_OFFSET;

    /** "TNR1" read as a little-endian int. */
    public static final int RECORD_MAGIC = 0x31524E54;
    /** "TNF1" read as a little-endian int. */
    public static final int FILLER_MAGIC = 0x31464E54;
    /** A filler is the magic, the CRC and the position; fewer bytes left in a segment are zeros. */
    public static final int FILLER_LENGTH = 24;

    public static final int MAX_TOPIC_LENGTH = 255;
    public static final int MAX_VARIABLE_HEADER = 0xFFFF;

    private RecordDescriptor() {
    }
}
