package io.tandem.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchMessageCodecTest {

    @Test
    void shouldNameTheEntryAndOffsetOfABadLength() {
        byte[] body = BatchMessageCodec.encode(List.of(new BatchEntry(0, new byte[] {1}, Map.of("K", "v")),
                new BatchEntry(0, new byte[] {2}, Map.of())));
        ByteBuf buffer = Unpooled.wrappedBuffer(body);
        int second = buffer.getInt(0);
        buffer.setInt(second + BatchMessageDescriptor.BODY_LENGTH_OFFSET, 50);

        assertThatThrownBy(() -> BatchMessageCodec.decode(buffer))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("malformed batch entry 1 at offset " + second + ": body length 50 does not fit total"
                        + " size 23");
        assertThatThrownBy(() -> BatchMessageCodec.decode(new byte[5]))
                .hasMessage("malformed batch entry 0 at offset 0: 5 bytes left, fewer than the 22 of the smallest"
                        + " entry");
    }
}
