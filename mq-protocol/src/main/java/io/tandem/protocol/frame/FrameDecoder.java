package io.tandem.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.SerializeType;

import static io.tandem.protocol.frame.FrameDescriptor.FRAME_LENGTH_FIELD_LENGTH;
import static io.tandem.protocol.frame.FrameDescriptor.HEADER_WORD_LENGTH;
import static io.tandem.protocol.frame.FrameDescriptor.MAX_FRAME_LENGTH;

/**
 * Turns complete frames ({@link FrameDescriptor}) into {@link RemotingCommand}s. Each frame is decoded with the
 * header serialization named in its own header word, so JSON and binary frames may alternate on one connection.
 *
 * <p>Failure modes: any frame that does not follow the layout (too short, a header length beyond the frame, an
 * unknown serialize type, a negative or overlong length inside a binary header, a JSON header that is not an
 * object) raises a {@link ProtocolException} naming the problem. A connection that produced one is out of sync and
 * should be closed. No other runtime exception escapes for bad input. Stateless and thread-safe.
 */
public final class FrameDecoder {

    private FrameDecoder() {
    }

    /**
     * Decodes one frame whose length field has already been consumed (what a length-field framer configured from
     * {@link FrameDescriptor} emits): the readable bytes of {@code frame} are the header word, header and body.
     * Neither index of {@code frame} is changed and the buffer is not released; the command holds copies.
     *
     * @throws ProtocolException if the bytes are not a valid frame
     */
    public static RemotingCommand decode(ByteBuf frame) {
        int start = frame.readerIndex();
        int frameLength = frame.readableBytes();
        if (frameLength < HEADER_WORD_LENGTH) {
            throw new ProtocolException("frame of " + frameLength + " bytes is shorter than the "
                    + HEADER_WORD_LENGTH + "-byte header word");
        }
        if (frameLength > MAX_FRAME_LENGTH - FRAME_LENGTH_FIELD_LENGTH) {
            throw new ProtocolException("frame of " + frameLength + " bytes exceeds the maximum of "
                    + (MAX_FRAME_LENGTH - FRAME_LENGTH_FIELD_LENGTH) + " after the length field");
        }
        int headerWord = frame.getInt(start);
        SerializeType type = SerializeType.fromCode(FrameDescriptor.serializeTypeCode(headerWord));
        int headerLength = FrameDescriptor.headerLength(headerWord);
        int headerIndex = start + HEADER_WORD_LENGTH;
        int available = frameLength - HEADER_WORD_LENGTH;
        if (headerLength > available) {
            throw new ProtocolException("header length " + headerLength + " exceeds the " + available
                    + " bytes left in the frame");
        }
        try {
            RemotingCommand.Builder builder = switch (type) {
                case JSON -> frame.hasArray()
                        ? JsonHeaderCodec.decode(frame.array(), frame.arrayOffset() + headerIndex, headerLength)
                        : JsonHeaderCodec.decode(ByteBufUtil.getBytes(frame, headerIndex, headerLength), 0,
                                headerLength);
                case ROCKETMQ -> BinaryHeaderCodec.decode(frame, headerIndex, headerLength);
            };
            int bodyLength = available - headerLength;
            if (bodyLength > 0) {
                builder.body(ByteBufUtil.getBytes(frame, headerIndex + headerLength, bodyLength));
            }
            return builder.build();
        } catch (IndexOutOfBoundsException e) {
            // Every length is checked before use; this is a last line of defence that keeps the contract.
            throw new ProtocolException(type + " frame of " + frameLength + " bytes ended unexpectedly", e);
        }
    }

    /**
     * Decodes one frame including its length field at the reader index of {@code in} and advances the reader index
     * past it. For tests and blocking readers; network code should frame the stream with a length-field framer and
     * call {@link #decode(ByteBuf)}.
     *
     * @throws ProtocolException if the length field is negative, too large, too small, or announces more bytes than
     *                           {@code in} holds, or if the frame itself is invalid
     */
    public static RemotingCommand decodeFrame(ByteBuf in) {
        int readable = in.readableBytes();
        if (readable < FRAME_LENGTH_FIELD_LENGTH) {
            throw new ProtocolException("truncated frame: " + readable + " bytes, the length field alone needs "
                    + FRAME_LENGTH_FIELD_LENGTH);
        }
        int start = in.readerIndex();
        int frameLength = in.getInt(start);
        if (frameLength < 0) {
            throw new ProtocolException("negative frame length " + frameLength);
        }
        if (frameLength > MAX_FRAME_LENGTH - FRAME_LENGTH_FIELD_LENGTH) {
            throw new ProtocolException("frame length " + frameLength + " exceeds the maximum of "
                    + (MAX_FRAME_LENGTH - FRAME_LENGTH_FIELD_LENGTH));
        }
        if (frameLength > readable - FRAME_LENGTH_FIELD_LENGTH) {
            throw new ProtocolException("truncated frame: the length field announces " + frameLength
                    + " bytes but only " + (readable - FRAME_LENGTH_FIELD_LENGTH) + " follow");
        }
        RemotingCommand command = decode(in.slice(start + FRAME_LENGTH_FIELD_LENGTH, frameLength));
        in.skipBytes(FRAME_LENGTH_FIELD_LENGTH + frameLength);
        return command;
    }
}
