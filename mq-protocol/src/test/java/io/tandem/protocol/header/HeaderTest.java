package io.tandem.protocol.header;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation and naming of typed headers. */
class HeaderTest {

    private static final Map<String, String> PULL = Map.ofEntries(
            Map.entry("consumerGroup", "cg1"), Map.entry("topic", "TopicTest"), Map.entry("queueId", "2"),
            Map.entry("queueOffset", "5"), Map.entry("maxMsgNums", "32"), Map.entry("sysFlag", "3"),
            Map.entry("commitOffset", "-1"), Map.entry("suspendTimeoutMillis", "15000"),
            Map.entry("subVersion", "1795478466063"), Map.entry("bname", "broker-a"), Map.entry("ReqT", "0"));

    @Test
    void shouldReadARequestAndIgnoreKeysItDoesNotKnow() {
        PullMessageRequestHeader header = PullMessageRequestHeader.fromExtFields(PULL);

        assertThat(header.queueOffset()).isEqualTo(5);
        assertThat(header.hasSysFlag(PullSysFlag.COMMIT_OFFSET | PullSysFlag.SUSPEND)).isTrue();
        assertThat(header.hasSysFlag(PullSysFlag.SUBSCRIPTION)).isFalse();
        assertThat(header.subscription()).isNull();
        assertThat(header.brokerName()).isEqualTo("broker-a");
        assertThat(header.toExtFields()).doesNotContainKey("ReqT").containsEntry("bname", "broker-a");
    }

    @Test
    void shouldNameTheRequestCodeAndTheMissingField() {
        Map<String, String> fields = new HashMap<>(PULL);
        fields.remove("queueId");

        assertThatThrownBy(() -> PullMessageRequestHeader.fromExtFields(fields))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessage("PULL_MESSAGE(11) request: field 'queueId' is missing")
                .satisfies(e -> {
                    InvalidHeaderException invalid = (InvalidHeaderException) e;
                    assertThat(invalid.requestCode()).isEqualTo(RequestCode.PULL_MESSAGE);
                    assertThat(invalid.field()).isEqualTo("queueId");
                });
        RemotingCommand litePull = RemotingCommand.request(RequestCode.LITE_PULL_MESSAGE).extFields(fields).build();
        assertThatThrownBy(() -> PullMessageRequestHeader.from(litePull))
                .hasMessage("LITE_PULL_MESSAGE(361) request: field 'queueId' is missing");
        assertThatThrownBy(() -> PullMessageRequestHeader.from(RemotingCommand.request(11).build()))
                .hasMessage("PULL_MESSAGE(11) request: field 'consumerGroup' is missing");
    }

    @Test
    void shouldNameTheFieldWhoseValueDoesNotParse() {
        Map<String, String> fields = new HashMap<>(PULL);
        fields.put("queueOffset", "12x");
        assertThatThrownBy(() -> PullMessageRequestHeader.fromExtFields(fields))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessage("PULL_MESSAGE(11) request: field 'queueOffset' = '12x' is not an int64");

        fields.put("queueOffset", "5");
        fields.put("queueId", "99999999999");
        assertThatThrownBy(() -> PullMessageRequestHeader.fromExtFields(fields))
                .hasMessage("PULL_MESSAGE(11) request: field 'queueId' = '99999999999' is not an int32");

        Map<String, String> query = Map.of("consumerGroup", "g", "topic", "t", "queueId", "1",
                "setZeroIfNotFound", "yes");
        assertThatThrownBy(() -> QueryConsumerOffsetRequestHeader.fromExtFields(query))
                .hasMessage("QUERY_CONSUMER_OFFSET(14) request: field 'setZeroIfNotFound' = 'yes' is not a boolean");
    }

    @Test
    void shouldNameShortSendKeysWithTheirLongNames() {
        Map<String, String> v2 = new HashMap<>(sendV2());
        v2.remove("b");
        RemotingCommand batch = RemotingCommand.request(RequestCode.SEND_BATCH_MESSAGE).extFields(v2).build();

        assertThatThrownBy(() -> SendMessageRequestHeader.from(batch))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessage("SEND_BATCH_MESSAGE(320) request: field 'b (topic)' is missing");
        v2.put("b", "T");
        v2.put("g", "soon");
        assertThatThrownBy(() -> SendMessageRequestHeaderV2.fromExtFields(v2))
                .hasMessage("SEND_MESSAGE_V2(310) request: field 'g (bornTimestamp)' = 'soon' is not an int64");
    }

    @Test
    void shouldConvertBetweenTheLongAndShortSendHeaders() {
        SendMessageRequestHeaderV2 v2 = SendMessageRequestHeaderV2.fromExtFields(sendV2());
        SendMessageRequestHeader v1 = v2.toV1();

        assertThat(v1.toExtFields()).containsEntry("producerGroup", "pg1").containsEntry("topic", "TopicTest")
                .containsEntry("defaultTopic", "TBW102").containsEntry("defaultTopicQueueNums", "4")
                .containsEntry("queueId", "0").containsEntry("sysFlag", "0")
                .containsEntry("bornTimestamp", "1795478462462").containsEntry("flag", "0")
                .containsEntry("properties", "TAGS\u0001TagA\u0002").containsEntry("reconsumeTimes", "0")
                .containsEntry("unitMode", "false").containsEntry("batch", "false")
                .containsEntry("bname", "broker-a").doesNotContainKey("maxReconsumeTimes");
        assertThat(v1.toV2()).isEqualTo(v2);
        assertThat(SendMessageRequestHeader.fromExtFields(v1.toExtFields())).isEqualTo(v1);
        assertThat(v2.toExtFields()).isEqualTo(sendV2());
        assertThat(v1.propertiesMap()).containsExactly(Map.entry("TAGS", "TagA"));

        RemotingCommand v1Command = RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .extFields(v1.toExtFields()).build();
        RemotingCommand v2Command = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .extFields(v2.toExtFields()).build();
        assertThat(SendMessageRequestHeader.from(v1Command)).isEqualTo(SendMessageRequestHeader.from(v2Command));
        assertThatThrownBy(() -> SendMessageRequestHeader.from(RemotingCommand.request(11).build()))
                .isInstanceOf(ProtocolException.class).hasMessage("PULL_MESSAGE(11) is not a send request");
    }

    @Test
    void shouldNameTheRequestWhoseResponseHeaderIsIncomplete() {
        assertThatThrownBy(() -> SendMessageResponseHeader.fromExtFields(Map.of("queueId", "1")))
                .hasMessage("SEND_MESSAGE_V2(310) response: field 'msgId' is missing");
        assertThatThrownBy(() -> PullMessageResponseHeader.fromExtFields(Map.of()))
                .hasMessage("PULL_MESSAGE(11) response: field 'suggestWhichBrokerId' is missing");
    }

    @Test
    void shouldWriteTheExtraKeysOfASendResponse() {
        SendMessageResponseHeader header = new SendMessageResponseHeader("7F00000100002A9F0000000000000000", 3, 0,
                "7F000001747130946E0976772A5F0000", null, null, "DefaultRegion", true);

        assertThat(header.toExtFields()).containsExactly(
                Map.entry("msgId", "7F00000100002A9F0000000000000000"), Map.entry("queueId", "3"),
                Map.entry("queueOffset", "0"), Map.entry("transactionId", "7F000001747130946E0976772A5F0000"),
                Map.entry("MSG_REGION", "DefaultRegion"), Map.entry("TRACE_ON", "true"));
    }

    @Test
    void shouldReadTransactionResolutionsAndRejectUnknownOnes() {
        Map<String, String> fields = new HashMap<>(Map.of("producerGroup", "tpg1", "tranStateTableOffset", "0",
                "commitLogOffset", "3322", "commitOrRollback", "12", "msgId", "ID"));

        EndTransactionRequestHeader header = EndTransactionRequestHeader.fromExtFields(fields);
        assertThat(header.commitOrRollback()).isEqualTo(TransactionResolution.ROLLBACK);
        assertThat(header.fromTransactionCheck()).isFalse();
        assertThat(header.toExtFields()).containsEntry("commitOrRollback", "12")
                .containsEntry("fromTransactionCheck", "false");

        fields.put("commitOrRollback", "4");
        assertThatThrownBy(() -> EndTransactionRequestHeader.fromExtFields(fields))
                .hasMessage("END_TRANSACTION(37) request: field 'commitOrRollback' = '4' is none of 0 (unknown),"
                        + " 8 (commit), 12 (rollback)");
    }

    @Test
    void shouldUseWireNamesWhereComponentsAreRenamed() {
        assertThat(new ViewMessageRequestHeader("T", 260).toExtFields())
                .containsExactly(Map.entry("topic", "T"), Map.entry("offset", "260"));
        assertThat(new UnregisterClientRequestHeader("c@1", null, "cg").toExtFields())
                .containsExactly(Map.entry("clientID", "c@1"), Map.entry("consumerGroup", "cg"));
        assertThat(new QueryMessageRequestHeader("T", "k", 32, 0, Long.MAX_VALUE, true).toExtFields())
                .containsEntry("_UNIQUE_KEY_QUERY", "true");
        assertThat(new HeartbeatResponseHeader(true, true).toExtFields())
                .containsExactly(Map.entry("IS_SUPPORT_HEART_BEAT_V2", "true"), Map.entry("IS_SUB_CHANGE", "true"));
        assertThat(SearchOffsetRequestHeader.fromExtFields(Map.of("topic", "T", "queueId", "0", "timestamp", "1",
                "boundaryType", "upper")).boundaryType()).isEqualTo(BoundaryType.UPPER);
        assertThatThrownBy(() -> SearchOffsetRequestHeader.fromExtFields(Map.of("topic", "T", "queueId", "0",
                "timestamp", "1", "boundaryType", "MIDDLE")))
                .hasMessageContaining("field 'boundaryType' = 'MIDDLE' is neither LOWER nor UPPER");
    }

    private static Map<String, String> sendV2() {
        Map<String, String> fields = new HashMap<>();
        fields.put("a", "pg1");
        fields.put("b", "TopicTest");
        fields.put("c", "TBW102");
        fields.put("d", "4");
        fields.put("e", "0");
        fields.put("f", "0");
        fields.put("g", "1795478462462");
        fields.put("h", "0");
        fields.put("i", "TAGS\u0001TagA\u0002");
        fields.put("j", "0");
        fields.put("k", "false");
        fields.put("m", "false");
        fields.put("n", "broker-a");
        return fields;
    }
}
