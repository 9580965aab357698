package io.tandem.protocol.message;

/**
 * Bits of a message's {@code sysFlag} (fact sheet 4.2), carried in send headers and stored records.
 *
 * <pre>
 *   bit  10 9 8 | 7           | 6           | 5          | 4         | 3 2              | 1          | 0
 *       compress | INNER_BATCH | NEED_UNWRAP | STORE_V6   | BORN_V6   | transaction type | MULTI_TAGS | COMPRESSED
 * </pre>
 */
public final class MessageSysFlag {

    /** The body is compressed with the algorithm in the compression bits. */
    public static final int COMPRESSED = 0x1;
    /** The topic's filter type is multi-tag (the broker sets it). */
    public static final int MULTI_TAGS = 0x2;

    /** Mask of the two transaction-type bits. */
    public static final int TRANSACTION_TYPE_MASK = 0xC;
    public static final int TRANSACTION_NOT_TYPE = 0x0;
    /** A half message. */
    public static final int TRANSACTION_PREPARED_TYPE = 0x4;
    public static final int TRANSACTION_COMMIT_TYPE = 0x8;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0xC;

    /** The born host is an IPv6 address (16 bytes in records). */
    public static final int BORN_HOST_V6 = 0x10;
    /** The store host is an IPv6 address (16 bytes in records). */
    public static final int STORE_HOST_V6 = 0x20;
    /** Inner batch record that the client must split. */
    public static final int NEED_UNWRAP = 0x40;
    public static final int INNER_BATCH = 0x80;

    /** Mask of the three compression-type bits. */
    public static final int COMPRESSION_TYPE_MASK = 0x700;
    public static final int COMPRESSION_LZ4 = 0x100;
    public static final int COMPRESSION_ZSTD = 0x200;
    /** zlib; a compressed body with type bits 0 is also zlib (legacy producers). */
    public static final int COMPRESSION_ZLIB = 0x300;

    private MessageSysFlag() {
    }

    /** One of the {@code TRANSACTION_*_TYPE} values. */
    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_TYPE_MASK;
    }

    /** {@code sysFlag} with its transaction type replaced. */
    public static int withTransactionType(int sysFlag, int transactionType) {
        return (sysFlag & ~TRANSACTION_TYPE_MASK) | (transactionType & TRANSACTION_TYPE_MASK);
    }

    /** One of the {@code COMPRESSION_*} values, or 0. */
    public static int compressionType(int sysFlag) {
        return sysFlag & COMPRESSION_TYPE_MASK;
    }

    public static boolean isCompressed(int sysFlag) {
        return (sysFlag & COMPRESSED) != 0;
    }
}
