package io.tandem.console.message;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BodyPreviewTest {

    @Test
    void shouldShowAJsonBodyAsTextIndentedJsonAndHex() {
        BodyPreview preview = BodyPreview.of("{\"id\":42,\"tags\":[\"a\"]}".getBytes(StandardCharsets.UTF_8), 1024);

        assertThat(preview.text()).isEqualTo("{\"id\":42,\"tags\":[\"a\"]}");
        assertThat(preview.json()).contains("\"id\" : 42").contains("\n");
        assertThat(preview.hex()).startsWith("00000000  7b 22 69 64 22 3a 34 32  2c 22 74 61 67 73 22 3a  |{\"id\":42,\"tags\":|");
        assertThat(preview.truncated()).isFalse();
    }

    @Test
    void shouldShowBinaryOnlyAsHex() {
        byte[] body = {0x00, 0x01, (byte) 0xff, 0x41};

        BodyPreview preview = BodyPreview.of(body, 1024);

        assertThat(preview.text()).isNull();
        assertThat(preview.json()).isNull();
        assertThat(preview.hex()).isEqualTo("00000000  00 01 ff 41 " + " ".repeat(37) + " |...A|\n");
    }

    @Test
    void shouldShowPlainTextThatIsNotJsonOnlyAsText() {
        BodyPreview preview = BodyPreview.of("{not json".getBytes(StandardCharsets.UTF_8), 1024);

        assertThat(preview.text()).isEqualTo("{not json");
        assertThat(preview.json()).isNull();
    }

    @Test
    void shouldCutALongBodyWithoutSplittingACharacter() {
        byte[] body = "ab\u00e9\u00e9\u00e9".getBytes(StandardCharsets.UTF_8);

        BodyPreview preview = BodyPreview.of(body, 4);

        assertThat(preview.truncated()).isTrue();
        assertThat(preview.length()).isEqualTo(8);
        assertThat(preview.text()).isEqualTo("ab\u00e9");
        assertThat(preview.json()).isNull();
    }
}
