package io.tandem.protocol.message;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagePropertiesTest {

    @Test
    void shouldDecodeTheCapturedSendPropertiesInOrder() {
        String captured = "myprop\u0001myval\u0002KEYS\u0001key1 key1b\u0002UNIQ_KEY\u0001"
                + "7F000001690730946E09767337FB0000\u0002WAIT\u0001true\u0002TAGS\u0001TagA\u0002";

        Map<String, String> properties = MessageProperties.decode(captured);

        assertThat(properties).containsExactly(Map.entry("myprop", "myval"), Map.entry("KEYS", "key1 key1b"),
                Map.entry("UNIQ_KEY", "7F000001690730946E09767337FB0000"), Map.entry("WAIT", "true"),
                Map.entry("TAGS", "TagA"));
        assertThat(MessageProperties.encode(properties)).isEqualTo(captured);
    }

    @Test
    void shouldSkipMalformedPairsAndKeepTheLastDuplicateLikeTheReferenceReader() {
        String text = "a\u0001\u0002\u0001b\u0002noseparator\u0002x\u00011\u0002x\u00012\u0002ok\u0001v";

        assertThat(MessageProperties.decode(text))
                .containsExactly(Map.entry("x", "2"), Map.entry("ok", "v"));
        assertThat(MessageProperties.decode(null)).isEmpty();
        assertThat(MessageProperties.decode("")).isEmpty();
    }

    @Test
    void shouldRefuseNamesAndValuesItCannotWrite() {
        assertThatThrownBy(() -> MessageProperties.encode(Map.of("a\u0002", "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name contains U+0001 or U+0002");
        assertThatThrownBy(() -> MessageProperties.encode(Map.of("", "v")))
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        assertThat(MessageProperties.encode(withNull)).isEmpty();
    }
}
