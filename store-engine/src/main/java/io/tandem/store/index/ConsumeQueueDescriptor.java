package io.tandem.store.index;

/**
 * Byte layout of one consume queue entry; a consume queue file is {@code entriesPerFile} of them back to back,
 * named by the queue offset of its first entry. All integers are little-endian. An entry whose size is 0 is
 * empty: the queue ends there.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 commit log position of the record             |  0
 *  +---------------------------------------------------------------+
 *  |                 record size (bytes)                           |  8
 *  +---------------------------------------------------------------+
 *  |          CRC32C of bytes [0, 12) and [16, 32)                 | 12
 *  +---------------------------------------------------------------+
 *  |                 tag hash                                      | 16
 *  +---------------------------------------------------------------+
 *  |                 store timestamp (ms)                          | 24
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class ConsumeQueueDescriptor {

    public static final int POSITION_OFFSET = 0;
    public static final int SIZE_OFFSET = 8;
    public static final int CRC_OFFSET = 12;
    public static final int TAG_HASH_OFFSET = 16;
    public static final int STORE_TIMESTAMP_OFFSET = 24;
    public static final int ENTRY_LENGTH = 32;

    private ConsumeQueueDescriptor() {
    }
}
