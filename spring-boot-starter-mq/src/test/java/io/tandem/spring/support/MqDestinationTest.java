package io.tandem.spring.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MqDestinationTest {

    @Test
    void shouldParseATopicAlone() {
        assertThat(MqDestination.parse("Orders")).isEqualTo(new MqDestination("Orders", null));
    }

    @Test
    void shouldParseATopicAndATag() {
        MqDestination destination = MqDestination.parse("Orders:created");

        assertThat(destination.topic()).isEqualTo("Orders");
        assertThat(destination.tag()).isEqualTo("created");
        assertThat(destination).hasToString("Orders:created");
    }

    @Test
    void shouldRefuseAnEmptyTagAnInvalidTopicAndATagExpression() {
        assertThatIllegalArgumentException().isThrownBy(() -> MqDestination.parse("Orders:"))
                .withMessageContaining("tag");
        assertThatIllegalArgumentException().isThrownBy(() -> MqDestination.parse("Or ders"))
                .withMessageContaining("topic");
        assertThatIllegalArgumentException().isThrownBy(() -> MqDestination.parse("Orders:a||b"))
                .withMessageContaining("single");
        assertThatIllegalArgumentException().isThrownBy(() -> MqDestination.parse(null));
    }
}
