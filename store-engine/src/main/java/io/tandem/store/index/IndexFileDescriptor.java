package io.tandem.store.index;

/**
 * Byte layout of a key index file: a header, a table of hash slots and an array of entries; each slot holds
 * the number (plus one) of the newest entry whose key hash falls in it, and each entry the number (plus one) of
 * the previous entry of the same slot, so a slot heads a chain from newest to oldest. All integers little-endian.
 *
 * <pre>
 *  Header (64 bytes)
 *  +---------------------------------------------------------------+
 *  | magic             | slot count        | entry capacity        |  0
 *  | entry count       | first position (i64)                      | 12
 *  | last position (i64)                   | first timestamp (i64) | 24
 *  | ... first timestamp | last timestamp (i64)                    | 32..48
 *  | reserved (8)                          | reserved | header CRC | 48..64
 *  +---------------------------------------------------------------+
 *  Slots: slot count x i32 (entry number + 1; 0 = empty)
 *  Entries (32 bytes each)
 *  +---------------------------------------------------------------+
 *  | key hash (i64)         | position (i64)                       |
 *  | store timestamp (i64)  | previous (i32)  | CRC32C of [0, 28)  |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class IndexFileDescriptor {

    public static final int MAGIC = 0x31584E54; // "TNX1"
    public static final int MAGIC_OFFSET = 0;
    public static final int SLOT_COUNT_OFFSET = 4;
    public static final int ENTRY_CAPACITY_OFFSET = 8;
    public static final int ENTRY_COUNT_OFFSET = 12;
    public static final int FIRST_POSITION_OFFSET = 16;
    public static final int LAST_POSITION_OFFSET = 24;
    public static final int FIRST_TIMESTAMP_OFFSET = 32;
    public static final int LAST_TIMESTAMP_OFFSET = 40;
    public static final int HEADER_CRC_OFFSET = 60;
    public static final int HEADER_LENGTH = 64;
    public static final int SLOT_LENGTH = 4;

    public static final int ENTRY_KEY_HASH_OFFSET = 0;
    public static final int ENTRY_POSITION_OFFSET = 8;
    public static final int ENTRY_TIMESTAMP_OFFSET = 16;
    public static final int ENTRY_PREVIOUS_OFFSET = 24;
    public static final int ENTRY_CRC_OFFSET = 28;
    public static final int ENTRY_LENGTH = 32;

    private IndexFileDescriptor() {
    }

    public static long fileLength(int slotCount, int entryCapacity) {
        return HEADER_LENGTH + (long) slotCount * SLOT_LENGTH + (long) entryCapacity * ENTRY_LENGTH;
    }
}
