package io.tandem.spring.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqTopicTest {

    @Test
    void shouldReadANameWithAnOptionalQueueCount() {
        assertThat(MqTopic.parse("Orders")).isEqualTo(MqTopic.of("Orders", MqTopic.DEFAULT_QUEUES));
        assertThat(MqTopic.parse(" Payments : 8 ")).isEqualTo(MqTopic.of("Payments", 8));
    }

    @Test
    void shouldNameTheDeclarationAndTheProblemWhenItIsInvalid() {
        assertThatThrownBy(() -> MqTopic.parse("Orders:eight")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Orders:eight'").hasMessageContaining("whole number, was 'eight'");
        assertThatThrownBy(() -> MqTopic.parse("Orders:0")).hasMessageContaining("queue counts must be in [1, 1024]");
        assertThatThrownBy(() -> MqTopic.parse("bad topic")).hasMessageContaining("'bad topic'")
                .hasMessageContaining("[%|a-zA-Z0-9_-]");
        assertThatThrownBy(() -> MqTopic.parse("")).hasMessageContaining("expected name or name:queues");
    }
}
