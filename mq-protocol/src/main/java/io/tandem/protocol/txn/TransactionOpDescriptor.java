package io.tandem.protocol.txn;

/**
 * Layout of a transaction op record: the body of one message in queue 0 of a broker's op topic
 * (RMQ_SYS_TRANS_OP_HALF_TOPIC), the durable record of one half message's decision. UTF-8 text (ASCII but for the
 * UNIQ_KEY and the group) of fields separated by {@link #SEPARATOR}, with no terminator.
 *
 * <pre>
 *   field  bytes   content
 *  +------+-------+-------------------------------------------------------------------+
 *  |    0 |     1 | decision: {@link Decision#opCode()}, 'C' (commit) or 'R' (rollback)  |
 *  |    1 | 1..19 | half offset: the half's queue offset, decimal int64 (no sign)     |
 *  |    2 |  4..8 | source: a {@link DecisionSource} wire name (PRODUCER, CHECK, ...)  |
 *  |    3 |     * | the half's UNIQ_KEY, or empty (*)                                 |
 *  |    4 |     * | the half's producer group, or empty (*)                           |
 *  +------+-------+-------------------------------------------------------------------+
 *   e.g.  C:42:CHECK:7F00000100002A9F1B2C0000:payments
 *         R:7:POLICY                      (written before fields 3 and 4 existed)
 * </pre>
 *
 * (*) Fields 3 and 4 come together or not at all: records written before they existed end after field 2 and read as
 * both empty. The group is the text after the last separator (group names are [%|a-zA-Z0-9_-]); the UNIQ_KEY is the
 * text between field 2 and that separator, so a key holding a separator reads back whole.
 */
public final class TransactionOpDescriptor {

    /** Between two fields. */
    public static final byte SEPARATOR = ':';

    public static final int DECISION_FIELD = 0;
    public static final int HALF_OFFSET_FIELD = 1;
    public static final int SOURCE_FIELD = 2;
    public static final int UNIQUE_KEY_FIELD = 3;
    public static final int PRODUCER_GROUP_FIELD = 4;

    /** Fields of a record written before the UNIQ_KEY and group were added. */
    public static final int LEGACY_FIELD_COUNT = 3;
    /** Fields of a record written now. */
    public static final int FIELD_COUNT = 5;

    /** Byte offset of the decision code; it is {@link #DECISION_LENGTH} byte long and followed by a separator. */
    public static final int DECISION_OFFSET = 0;
    public static final int DECISION_LENGTH = 1;
    /** Byte offset of the half offset's first digit. */
    public static final int HALF_OFFSET_OFFSET = DECISION_OFFSET + DECISION_LENGTH + 1;
    /** Most digits of the half offset (a non-negative int64). */
    public static final int MAX_HALF_OFFSET_DIGITS = 19;

    private TransactionOpDescriptor() {
    }
}
