package io.tandem.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppendRequestTest {

    @Test
    void shouldAcceptTopicsOfTheAllowedCharacters() {
        for (String topic : List.of("a", "Orders_2024-eu.v1", "%RETRY%group|x", "-x", "x".repeat(255))) {
            assertThat(request(topic).topic()).isEqualTo(topic);
        }
    }

    @Test
    void shouldRejectEmptyLongDotLedOrOtherwiseInvalidTopics() {
        for (String topic : List.of("", ".hidden", "x".repeat(256), "a b", "a/b", "ördér", "a:b", "a*")) {
            assertThatThrownBy(() -> request(topic)).as(topic).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid topic name");
        }
    }

    private static AppendRequest request(String topic) {
        return new AppendRequest(topic, 0, 0, 0, null, List.of(), 0, 0, -1, null, new byte[1]);
    }
}
