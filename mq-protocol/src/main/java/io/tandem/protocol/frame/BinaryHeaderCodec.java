package io.tandem.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.tandem.protocol.LanguageCode;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.tandem.protocol.frame.BinaryHeaderDescriptor.CODE_OFFSET;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.EXT_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.FLAG_OFFSET;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.KEY_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.LANGUAGE_OFFSET;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.MIN_HEADER_LENGTH;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.OPAQUE_OFFSET;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.REMARK_LENGTH_OFFSET;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.REMARK_OFFSET;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.VALUE_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.frame.BinaryHeaderDescriptor.VERSION_OFFSET;

/**
 * Reads and writes the ROCKETMQ binary header laid out as {@link BinaryHeaderDescriptor} describes. Decoding checks
 * every length against the header's bounds and requires the entries to fill the header exactly. Stateless and
 * thread-safe.
 */
final class BinaryHeaderCodec {

    private BinaryHeaderCodec() {
    }

    /** Decodes the {@code headerLength} bytes at {@code headerIndex} of {@code buf} into a builder without body. */
    static RemotingCommand.Builder decode(ByteBuf buf, int headerIndex, int headerLength) {
        if (headerLength < MIN_HEADER_LENGTH) {
            throw new ProtocolException("binary header of " + headerLength + " bytes is shorter than the minimum "
                    + MIN_HEADER_LENGTH);
        }
        int end = headerIndex + headerLength;
        RemotingCommand.Builder builder = RemotingCommand.request(buf.getShort(headerIndex + CODE_OFFSET))
                .language(LanguageCode.fromCode(buf.getUnsignedByte(headerIndex + LANGUAGE_OFFSET)))
                .version(buf.getShort(headerIndex + VERSION_OFFSET))
                .opaque(buf.getInt(headerIndex + OPAQUE_OFFSET))
                .flag(buf.getInt(headerIndex + FLAG_OFFSET));

        int remarkLength = buf.getInt(headerIndex + REMARK_LENGTH_OFFSET);
        int extLengthIndex = checkedArea(headerIndex + REMARK_OFFSET, remarkLength, end - EXT_LENGTH_FIELD_LENGTH,
                "remark", headerIndex);
        if (remarkLength > 0) {
            builder.remark(buf.toString(headerIndex + REMARK_OFFSET, remarkLength, StandardCharsets.UTF_8));
        }

        int extLength = buf.getInt(extLengthIndex);
        int entriesIndex = extLengthIndex + EXT_LENGTH_FIELD_LENGTH;
        int entriesEnd = checkedArea(entriesIndex, extLength, end, "ext", headerIndex);
        if (entriesEnd != end) {
            throw new ProtocolException("binary header has " + (end - entriesEnd) + " bytes after its ext entries"
                    + " (ext length " + extLength + ", header length " + headerLength + ")");
        }
        if (extLength > 0) {
            builder.extFields(decodeEntries(buf, entriesIndex, entriesEnd, headerIndex));
        }
        return builder;
    }

    private static Map<String, String> decodeEntries(ByteBuf buf, int index, int end, int headerIndex) {
        Map<String, String> fields = new LinkedHashMap<>();
        while (index < end) {
            if (end - index < KEY_LENGTH_FIELD_LENGTH) {
                throw truncatedEntry(index, headerIndex, "key length");
            }
            int keyLength = buf.getShort(index);
            int keyIndex = index + KEY_LENGTH_FIELD_LENGTH;
            int valueLengthIndex = checkedArea(keyIndex, keyLength, end - VALUE_LENGTH_FIELD_LENGTH, "ext key",
                    headerIndex);
            int valueLength = buf.getInt(valueLengthIndex);
            int valueIndex = valueLengthIndex + VALUE_LENGTH_FIELD_LENGTH;
            int next = checkedArea(valueIndex, valueLength, end, "ext value", headerIndex);
            fields.put(buf.toString(keyIndex, keyLength, StandardCharsets.UTF_8),
                    buf.toString(valueIndex, valueLength, StandardCharsets.UTF_8));
            index = next;
        }
        return fields;
    }

    /**
     * Checks that {@code length} bytes starting at {@code start} fit before {@code limit}; returns the index after
     * them.
     */
    private static int checkedArea(int start, int length, int limit, String what, int headerIndex) {
        if (length < 0) {
            throw new ProtocolException("binary header " + what + " length is negative (" + length + ") at header"
                    + " offset " + (start - headerIndex));
        }
        if ((long) start + length > limit) {
            throw new ProtocolException("binary header " + what + " length " + length + " at header offset "
                    + (start - headerIndex) + " runs past the end of the header");
        }
        return start + length;
    }

    private static ProtocolException truncatedEntry(int index, int headerIndex, String what) {
        return new ProtocolException("binary header ext entry at header offset " + (index - headerIndex)
                + " is cut off before its " + what);
    }

    /**
     * Writes the binary header of {@code command} at the writer index; returns the number of bytes written.
     *
     * @throws ProtocolException if the code or version does not fit the int16 fields, or a key is longer than
     *                           32767 bytes
     */
    static int encode(RemotingCommand command, ByteBuf out) {
        int start = out.writerIndex();
        out.writeShort(checkedInt16(command.code(), "code"));
        out.writeByte(command.language().code());
        out.writeShort(checkedInt16(command.version(), "version"));
        out.writeInt(command.opaque());
        out.writeInt(command.flag());
        String remark = command.remark();
        if (remark == null || remark.isEmpty()) {
            out.writeInt(0);
        } else {
            int lengthIndex = out.writerIndex();
            out.writeInt(0);
            int written = out.writeCharSequence(remark, StandardCharsets.UTF_8);
            out.setInt(lengthIndex, written);
        }
        int extLengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<String, String> field : command.extFields().entrySet()) {
            int keyLengthIndex = out.writerIndex();
            out.writeShort(0);
            int keyLength = out.writeCharSequence(field.getKey(), StandardCharsets.UTF_8);
            if (keyLength > Short.MAX_VALUE) {
                throw new ProtocolException("ext key of " + keyLength + " bytes does not fit the binary header's"
                        + " int16 key length: " + field.getKey().substring(0, 40) + "...");
            }
            out.setShort(keyLengthIndex, keyLength);
            int valueLengthIndex = out.writerIndex();
            out.writeInt(0);
            out.setInt(valueLengthIndex, out.writeCharSequence(field.getValue(), StandardCharsets.UTF_8));
        }
        out.setInt(extLengthIndex, out.writerIndex() - extLengthIndex - EXT_LENGTH_FIELD_LENGTH);
        return out.writerIndex() - start;
    }

    private static int checkedInt16(int value, String name) {
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new ProtocolException(name + " " + value + " does not fit the binary header's int16 field");
        }
        return value;
    }
}
