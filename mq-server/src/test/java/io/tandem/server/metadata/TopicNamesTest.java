package io.tandem.server.metadata;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicNamesTest {

    @Test
    void shouldAcceptNamesMadeOfTheLegalCharacters() {
        assertThat(TopicNames.checkTopic("Orders_2024-eu|%RETRY%x")).isNull();
        assertThat(TopicNames.checkGroup("%DLQ%billing-Group_7")).isNull();
    }

    @Test
    void shouldRejectEveryOtherCharacterNamingTheRule() {
        for (String name : new String[] {"orders.eu", "orders eu", "orders/eu", "ördérs", "orders\u0000", "a:b",
                "topic*", "x[1]"}) {
            assertThat(TopicNames.checkTopic(name)).as(name).contains("contains characters outside [%|a-zA-Z0-9_-]");
            assertThat(TopicNames.checkGroup(name)).as(name).contains("contains characters outside [%|a-zA-Z0-9_-]");
        }
    }

    @Test
    void shouldRejectBlankNames() {
        assertThat(TopicNames.checkTopic(" ")).isEqualTo("the topic name is blank");
        assertThat(TopicNames.checkGroup("")).isEqualTo("the group name is blank");
    }
}
