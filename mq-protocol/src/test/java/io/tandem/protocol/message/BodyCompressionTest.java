package io.tandem.protocol.message;

import io.tandem.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyCompressionTest {

    private static final int ZLIB = MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_ZLIB;

    @Test
    void shouldInflateWhatItDeflatesAndPassPlainBodiesThrough() {
        byte[] body = new byte[10_000];
        Arrays.fill(body, (byte) 'x');
        byte[] compressed = BodyCompression.compressZlib(body, BodyCompression.DEFAULT_ZLIB_LEVEL);

        assertThat(compressed.length).isLessThan(200);
        assertThat(BodyCompression.decompress(compressed, ZLIB, body.length)).isEqualTo(body);
        assertThat(BodyCompression.decompress(compressed, MessageSysFlag.COMPRESSED, body.length)).isEqualTo(body);
        assertThat(BodyCompression.decompress(body, 0, 0)).isSameAs(body);
    }

    @Test
    void shouldRejectGarbageBombsAndUnsupportedAlgorithms() {
        byte[] compressed = BodyCompression.compressZlib(new byte[100_000], 5);

        assertThatThrownBy(() -> BodyCompression.decompress(compressed, ZLIB, 1000))
                .isInstanceOf(ProtocolException.class).hasMessage("zlib body inflates beyond 1000 bytes");
        assertThatThrownBy(() -> BodyCompression.decompress(new byte[] {1, 2, 3, 4}, ZLIB, 1000))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not valid zlib data");
        assertThatThrownBy(() -> BodyCompression.decompress(Arrays.copyOf(compressed, 10), ZLIB, 1_000_000))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("is truncated");
        assertThatThrownBy(() -> BodyCompression.decompress(compressed,
                MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_LZ4, 1000))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unsupported body compression type 0x100");
    }
}
