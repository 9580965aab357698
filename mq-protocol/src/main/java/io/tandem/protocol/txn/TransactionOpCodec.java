package io.tandem.protocol.txn;

import io.tandem.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;

import static io.tandem.protocol.txn.TransactionOpDescriptor.DECISION_LENGTH;
import static io.tandem.protocol.txn.TransactionOpDescriptor.DECISION_OFFSET;
import static io.tandem.protocol.txn.TransactionOpDescriptor.HALF_OFFSET_OFFSET;
import static io.tandem.protocol.txn.TransactionOpDescriptor.MAX_HALF_OFFSET_DIGITS;
import static io.tandem.protocol.txn.TransactionOpDescriptor.SEPARATOR;

/**
 * Writes and reads transaction op records ({@link TransactionOpDescriptor}): every record this codec writes, and
 * every record brokers wrote before it (with or without the UNIQ_KEY and group), reads back as written.
 *
 * <p>Failure modes: decoding a record that is not one raises {@link ProtocolException} naming the field and its
 * text. A producer group holding a separator (not a legal group name) is written as is and reads back as its text
 * after the last separator. Stateless and thread-safe.
 */
public final class TransactionOpCodec {

    private static final int MAX_QUOTED_LENGTH = 120;

    private TransactionOpCodec() {
    }

    /** The record of {@code op}. */
    public static byte[] encode(TransactionOp op) {
        String separator = String.valueOf((char) SEPARATOR);
        String text = (char) op.decision().opCode() + separator + op.halfOffset() + separator
                + op.source().wireName() + separator + op.uniqueKey() + separator + op.producerGroup();
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a record.
     *
     * @throws ProtocolException if {@code record} is not an op record; the message names the bad field
     */
    public static TransactionOp decode(byte[] record) {
        if (record.length < HALF_OFFSET_OFFSET + 1) {
            throw malformed(record, "it ends before field 1 (half offset)");
        }
        if (record[DECISION_OFFSET + DECISION_LENGTH] != SEPARATOR) {
            throw malformed(record, "field 0 (decision) is longer than " + DECISION_LENGTH + " byte");
        }
        Decision decision = Decision.ofOpCode(record[DECISION_OFFSET]);
        if (decision == null) {
            throw malformed(record, "field 0 (decision) = '" + text(record, DECISION_OFFSET, DECISION_LENGTH)
                    + "' is none of " + opCodes());
        }
        int offsetEnd = indexOf(record, HALF_OFFSET_OFFSET);
        if (offsetEnd < 0) {
            throw malformed(record, "it ends after field 1 (half offset); field 2 (source) is missing");
        }
        long halfOffset = halfOffset(record, HALF_OFFSET_OFFSET, offsetEnd);
        int sourceStart = offsetEnd + 1;
        int sourceEnd = indexOf(record, sourceStart);
        int sourceLength = (sourceEnd < 0 ? record.length : sourceEnd) - sourceStart;
        String sourceText = text(record, sourceStart, sourceLength);
        DecisionSource source = DecisionSource.ofWireName(sourceText);
        if (source == null) {
            throw malformed(record, "field 2 (source) " + WireNames.noneOf(DecisionSource.class, sourceText));
        }
        if (sourceEnd < 0) {
            return new TransactionOp(decision, halfOffset, source, "", "");
        }
        int keyStart = sourceEnd + 1;
        int groupSeparator = lastIndexOf(record, keyStart);
        if (groupSeparator < 0) {
            return new TransactionOp(decision, halfOffset, source, text(record, keyStart, record.length - keyStart),
                    "");
        }
        return new TransactionOp(decision, halfOffset, source, text(record, keyStart, groupSeparator - keyStart),
                text(record, groupSeparator + 1, record.length - groupSeparator - 1));
    }

    private static long halfOffset(byte[] record, int start, int end) {
        int digits = end - start;
        if (digits < 1 || digits > MAX_HALF_OFFSET_DIGITS) {
            throw malformed(record, "field 1 (half offset) = '" + text(record, start, digits)
                    + "' is not a decimal int64 of 1 to " + MAX_HALF_OFFSET_DIGITS + " digits");
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = record[i] - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                throw malformed(record, "field 1 (half offset) = '" + text(record, start, digits)
                        + "' is not a non-negative decimal int64");
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int indexOf(byte[] record, int from) {
        for (int i = from; i < record.length; i++) {
            if (record[i] == SEPARATOR) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] record, int from) {
        for (int i = record.length - 1; i >= from; i--) {
            if (record[i] == SEPARATOR) {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] record, int start, int length) {
        return new String(record, start, length, StandardCharsets.UTF_8);
    }

    private static String opCodes() {
        StringBuilder codes = new StringBuilder();
        for (Decision decision : Decision.values()) {
            codes.append(codes.length() == 0 ? "" : ", ").append((char) decision.opCode());
        }
        return codes.toString();
    }

    private static ProtocolException malformed(byte[] record, String problem) {
        String text = text(record, 0, record.length);
        String quoted = text.length() <= MAX_QUOTED_LENGTH ? text : text.substring(0, MAX_QUOTED_LENGTH) + "...";
        return new ProtocolException("malformed transaction op record '" + quoted + "': " + problem);
    }
}
