package io.tandem.protocol.body;

import io.tandem.protocol.LanguageCode;
import io.tandem.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin bodies in the shapes RocketMQ's admin tools read. */
class AdminBodyTest {

    private static final MessageQueue Q0 = new MessageQueue("T", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("T", "broker-a", 1);

    @Test
    void shouldWriteResetOffsetsWithQueueObjectsAsKeysAndReadThemBack() {
        Map<MessageQueue, Long> offsets = new LinkedHashMap<>();
        offsets.put(Q0, 12L);
        offsets.put(Q1, 0L);
        ResetOffsetBody body = new ResetOffsetBody(offsets);

        assertThat(new String(body.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"offsetTable\":{"
                + "{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}:12,"
                + "{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}:0}}");
        assertThat(ResetOffsetBody.fromJson(body.toJson())).isEqualTo(body);
        assertThatThrownBy(() -> ResetOffsetBody.fromJson("{\"offsetTable\":{{\"brokerName\":\"b\",\"queueId\":0,"
                .concat("\"topic\":\"T\"}:\"x\"}}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("is not a number");
    }

    @Test
    void shouldWriteEveryGroupsProgressWithTheDiffTotal() {
        Map<MessageQueue, QueueOffsetTables.ConsumeOffset> table = new LinkedHashMap<>();
        table.put(Q0, new QueueOffsetTables.ConsumeOffset(10, 4, 1_700_000_000_000L));
        table.put(Q1, new QueueOffsetTables.ConsumeOffset(3, 3, 0));
        Map<String, List<QueueOffsetTables.GroupTopicStats>> groups = new LinkedHashMap<>();
        groups.put("g1", List.of(new QueueOffsetTables.GroupTopicStats(table, 1.5)));
        groups.put("g2", List.of());

        byte[] body = QueueOffsetTables.encodeConsumeStatsList("127.0.0.1:10911", groups);

        String json = new String(body, StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"brokerAddr\":\"127.0.0.1:10911\",\"consumeStatsList\":[{\"g1\":[{")
                .contains("{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}:{\"brokerOffset\":10,"
                        + "\"consumerOffset\":4,\"lastTimestamp\":1700000000000,\"pullOffset\":4}")
                .endsWith("{\"g2\":[]}],\"totalDiff\":6,\"totalInflightDiff\":0}");
        Map<String, List<QueueOffsetTables.GroupTopicStats>> read = QueueOffsetTables.decodeConsumeStatsList(body);
        assertThat(read).containsOnlyKeys("g1", "g2");
        assertThat(read.get("g1").get(0).offsetTable()).isEqualTo(table);
        assertThat(read.get("g1").get(0).consumeTps()).isEqualTo(1.5);
    }

    @Test
    void shouldWriteSettingsAsSortedPropertiesTextAndReadRawLines() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("brokerName", "broker-a");
        settings.put("messageDelayLevel", "1s 5s");
        settings.put("autoCreateTopicEnable", "true");
        settings.put("note", "a=b:c \u00e9\u4e2d");

        String text = new String(PropertiesText.encode(settings), StandardCharsets.ISO_8859_1);

        assertThat(text.lines()).containsExactly("autoCreateTopicEnable=true", "brokerName=broker-a",
                "messageDelayLevel=1s 5s", "note=a\\=b\\:c \\u00E9\\u4E2D");
        assertThat(PropertiesText.decode(PropertiesText.encode(settings))).isEqualTo(settings);
        assertThat(PropertiesText.decode("autoCreateTopicEnable=false\nbrokerPermission=4\n"
                .getBytes(StandardCharsets.UTF_8)))
                .containsExactly(Map.entry("autoCreateTopicEnable", "false"), Map.entry("brokerPermission", "4"));
    }

    @Test
    void shouldWriteTablesAndListsWithTheirWireNames() {
        assertThat(new String(new KvTable(Map.of("b", "2", "a", "1")).toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"table\":{\"a\":\"1\",\"b\":\"2\"}}");
        assertThat(new String(new GroupList(Set.of("g2", "g1")).toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"groupList\":[\"g1\",\"g2\"]}");
        ProducerConnection producers = new ProducerConnection(Set.of(
                new Connection("127.0.0.1@1", "127.0.0.1:5000", LanguageCode.JAVA, 479)));
        assertThat(new String(producers.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"connectionSet\":[{"
                + "\"clientAddr\":\"127.0.0.1:5000\",\"clientId\":\"127.0.0.1@1\",\"language\":\"JAVA\","
                + "\"version\":479}]}");
        assertThat(ProducerConnection.fromJson(producers.toJson())).isEqualTo(producers);
        assertThat(KvTable.fromJson("{\"table\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8)).table())
                .containsExactly(Map.entry("k", "v"));
    }
}
