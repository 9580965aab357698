package io.tandem.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.SerializeType;

import static io.tandem.protocol.frame.FrameDescriptor.FRAME_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.frame.FrameDescriptor.HEADER_OFFSET;
import static io.tandem.protocol.frame.FrameDescriptor.HEADER_WORD_LENGTH;
import static io.tandem.protocol.frame.FrameDescriptor.MAX_FRAME_LENGTH;
import static io.tandem.protocol.frame.FrameDescriptor.MAX_HEADER_LENGTH;

/**
 * Writes {@link RemotingCommand}s as complete frames ({@link FrameDescriptor}), length field included, with the
 * chosen header serialization. JSON is always understood by Java peers; the binary form is shorter.
 *
 * <p>{@link #encodeHeader} lets a sender write the header and append a body it already holds in other buffers (for
 * example records read from the store into a composite buffer) without copying it into the command.
 *
 * <p>Failure modes: a command that cannot be represented (a frame over {@link FrameDescriptor#MAX_FRAME_LENGTH}, a
 * header over 16 MiB, a code or version outside int16 for the binary header) raises a {@link ProtocolException}
 * and leaves the writer index of {@code out} where it was. Stateless and thread-safe.
 */
public final class FrameEncoder {

    private FrameEncoder() {
    }

    /**
     * Writes the whole frame of {@code command}, body included, at the writer index of {@code out}.
     *
     * @return the number of bytes written (length field included)
     */
    public static int encode(RemotingCommand command, SerializeType serializeType, ByteBuf out) {
        byte[] body = command.body();
        int start = out.writerIndex();
        int written = encodeHeader(command, serializeType, body.length, out);
        try {
            out.writeBytes(body);
        } catch (IndexOutOfBoundsException e) {
            out.writerIndex(start);
            throw e;
        }
        return written + body.length;
    }

    /**
     * Writes the length field, header word and header of {@code command} for a body of {@code bodyLength} bytes that
     * the caller will place right after them; {@link RemotingCommand#body()} is ignored.
     *
     * @return the number of bytes written (length field, header word and header)
     */
    public static int encodeHeader(RemotingCommand command, SerializeType serializeType, int bodyLength, ByteBuf out) {
        if (bodyLength < 0) {
            throw new IllegalArgumentException("negative body length " + bodyLength);
        }
        int start = out.writerIndex();
        try {
            out.writeInt(0);
            out.writeInt(0);
            int headerLength = switch (serializeType) {
                case JSON -> JsonHeaderCodec.encode(command, out);
                case ROCKETMQ -> BinaryHeaderCodec.encode(command, out);
            };
            if (headerLength > MAX_HEADER_LENGTH) {
                throw new ProtocolException("header of " + headerLength + " bytes does not fit the 24-bit header"
                        + " length (command " + command + ")");
            }
            long frameLength = (long) HEADER_WORD_LENGTH + headerLength + bodyLength;
            if (frameLength + FRAME_LENGTH_FIELD_LENGTH > MAX_FRAME_LENGTH) {
                throw new ProtocolException("frame of " + (frameLength + FRAME_LENGTH_FIELD_LENGTH)
                        + " bytes exceeds the maximum of " + MAX_FRAME_LENGTH + " (command " + command + ")");
            }
            out.setInt(start, (int) frameLength);
            out.setInt(start + FRAME_LENGTH_FIELD_LENGTH,
                    FrameDescriptor.headerWord(serializeType.code(), headerLength));
            return HEADER_OFFSET + headerLength;
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }
}
