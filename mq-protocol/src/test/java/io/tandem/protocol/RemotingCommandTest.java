package io.tandem.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemotingCommandTest {

    @Test
    void shouldBuildRequestsWithJavaDefaults() {
        RemotingCommand request = RemotingCommand.request(RequestCode.PULL_MESSAGE).opaque(7).build();

        assertThat(request.code()).isEqualTo(11);
        assertThat(request.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(request.version()).isEqualTo(ProtocolVersion.CURRENT).isEqualTo(479);
        assertThat(request.isResponse()).isFalse();
        assertThat(request.isOneway()).isFalse();
        assertThat(request.hasExtFields()).isFalse();
        assertThat(request.extFields()).isEmpty();
        assertThat(request.body()).isEmpty();
    }

    @Test
    void shouldAnswerWithTheRequestsOpaqueAndTheResponseFlag() {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).opaque(42).oneway()
                .language(LanguageCode.GO).build();

        RemotingCommand response = request.response(ResponseCode.SYSTEM_ERROR).remark("boom").build();

        assertThat(request.isOneway()).isTrue();
        assertThat(request.flag()).isEqualTo(RemotingCommand.ONEWAY_FLAG);
        assertThat(response.opaque()).isEqualTo(42);
        assertThat(response.flag()).isEqualTo(RemotingCommand.RESPONSE_FLAG);
        assertThat(response.isResponse()).isTrue();
        assertThat(response.isOneway()).isFalse();
        assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(response.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(response.remark()).isEqualTo("boom");
    }

    @Test
    void shouldNotSeeChangesMadeToTheBuilderOrTheSourceMapAfterBuilding() {
        Map<String, String> fields = new HashMap<>(Map.of("topic", "T"));
        RemotingCommand.Builder builder = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extFields(fields);
        RemotingCommand first = builder.build();

        fields.put("extra", "1");
        builder.extField("later", "2");

        assertThat(first.extFields()).containsExactly(Map.entry("topic", "T"));
        assertThat(builder.build().extFields()).containsOnlyKeys("topic", "later");
        assertThatThrownBy(() -> first.extFields().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldKeepEveryBuiltCommandsFieldsWhileTheBuilderGoesOn() {
        RemotingCommand.Builder builder = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).extField("a", "1");
        RemotingCommand first = builder.build();
        RemotingCommand second = builder.extField("b", "2").build();
        builder.extField("a", "changed").extField("c", "3");
        RemotingCommand third = builder.build();

        assertThat(first.extFields()).containsExactly(Map.entry("a", "1"));
        assertThat(second.extFields()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(third.extFields()).containsExactly(Map.entry("a", "changed"), Map.entry("b", "2"),
                Map.entry("c", "3"));
    }

    @Test
    void shouldDistinguishAbsentFromEmptyExtFieldsAndNullFromEmptyRemark() {
        RemotingCommand absent = RemotingCommand.request(1).build();
        RemotingCommand empty = RemotingCommand.request(1).extFields(Map.of()).build();

        assertThat(empty.hasExtFields()).isTrue();
        assertThat(absent).isNotEqualTo(empty);
        assertThat(RemotingCommand.request(1).remark("").build()).isNotEqualTo(absent);
        assertThat(RemotingCommand.request(1).body(new byte[0]).build()).isEqualTo(absent);
    }

    @Test
    void shouldCopyEveryFieldThroughToBuilderAndWithOpaque() {
        RemotingCommand command = RemotingCommand.request(RequestCode.HEART_BEAT).opaque(3).flag(2).version(401)
                .language(LanguageCode.CPP).remark("r").extField("k", "v").body(new byte[] {1, 2}).build();

        assertThat(command.toBuilder().build()).isEqualTo(command).hasSameHashCodeAs(command);
        assertThat(command.withOpaque(9)).isEqualTo(command.toBuilder().opaque(9).build());
        assertThat(command.toString()).contains("HEART_BEAT(34)", "opaque=3", "bodyLength=2");
    }

    @Test
    void shouldNameCodesForMessages() {
        assertThat(RequestCode.describe(310)).isEqualTo("SEND_MESSAGE_V2(310)");
        assertThat(RequestCode.describe(9999)).isEqualTo("UNKNOWN(9999)");
        assertThat(ResponseCode.describe(19)).isEqualTo("PULL_NOT_FOUND(19)");
        assertThat(LanguageCode.fromCode(13)).isEqualTo(LanguageCode.NODE_JS);
        assertThat(LanguageCode.fromCode(99)).isEqualTo(LanguageCode.OTHER);
        assertThat(LanguageCode.fromName("RUST")).isEqualTo(LanguageCode.RUST);
        for (LanguageCode language : LanguageCode.values()) {
            assertThat(language.code()).isEqualTo((byte) language.ordinal());
        }
    }

    @Test
    void shouldChooseTheRouteJsonFlavorByVersion() {
        assertThat(JsonFlavor.forRouteRequest(ProtocolVersion.V4_9_4, null)).isEqualTo(JsonFlavor.STANDARD);
        assertThat(JsonFlavor.forRouteRequest(400, null)).isEqualTo(JsonFlavor.LEGACY_UNQUOTED_NUMERIC_KEYS);
        assertThat(JsonFlavor.forRouteRequest(400, true)).isEqualTo(JsonFlavor.STANDARD);
    }
}
