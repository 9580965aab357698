package io.tandem.protocol.header;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admin headers with the field names the reference tools send. */
class AdminHeaderTest {

    @Test
    void shouldReadTheResetOffsetRequestOfTheAdminTool() {
        ResetOffsetRequestHeader header = ResetOffsetRequestHeader.fromExtFields(Map.of("topic", "T", "group", "g",
                "timestamp", "1700000000000", "isForce", "true", "offset", "-1", "queueId", "-1"));

        assertThat(header.force()).isTrue();
        assertThat(header.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(header.offset()).isEqualTo(-1L);
        assertThat(header.toExtFields()).containsEntry("isForce", "true").doesNotContainKey("force");
        assertThatThrownBy(() -> ResetOffsetRequestHeader.fromExtFields(Map.of("topic", "T", "group", "g")))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("'timestamp' is missing");
    }

    @Test
    void shouldSplitTheTopicListOfAConsumeStatsRequest() {
        GetConsumeStatsRequestHeader header = GetConsumeStatsRequestHeader.fromExtFields(
                Map.of("consumerGroup", "g", "topicList", "A;B;;C"));

        assertThat(header.topicList()).containsExactly("A", "B", "C");
        assertThat(header.toExtFields()).containsEntry("topicList", "A;B;C");
        assertThat(new GetConsumeStatsRequestHeader("g", "T").toExtFields()).doesNotContainKey("topicList");
        assertThat(GetConsumeStatsInBrokerRequestHeader.fromExtFields(Map.of("isOrder", "false")).order()).isFalse();
    }

    @Test
    void shouldRequireTheNamespaceAndKeyOfKeyValueRequests() {
        PutKvConfigRequestHeader put = PutKvConfigRequestHeader.fromExtFields(
                Map.of("namespace", "ORDER_TOPIC_CONFIG", "key", "T", "value", "broker-a:4"));

        assertThat(put.value()).isEqualTo("broker-a:4");
        assertThatThrownBy(() -> GetKvConfigRequestHeader.fromExtFields(Map.of("namespace", "n")))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessage("GET_KV_CONFIG(101) request: field 'key' is missing");
        assertThat(new GetKvConfigResponseHeader("v").toExtFields()).isEqualTo(Map.of("value", "v"));
        assertThat(List.copyOf(new GetConsumerRunningInfoRequestHeader("g", "c", true).toExtFields().keySet()))
                .containsExactly("consumerGroup", "clientId", "jstackEnable");
    }
}
