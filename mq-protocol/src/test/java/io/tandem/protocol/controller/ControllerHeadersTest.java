package io.tandem.protocol.controller;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.InvalidHeaderException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerHeadersTest {

    @Test
    void heartbeatSurvivesTheWire() {
        ControllerHeartbeatRequestHeader header = new ControllerHeartbeatRequestHeader("broker-a", 2,
                "127.0.0.1:10911", "127.0.0.1:10912", 7, 123_456);

        assertThat(ControllerHeartbeatRequestHeader.fromExtFields(header.toExtFields())).isEqualTo(header);
    }

    @Test
    void heartbeatOfAMemberWithoutAUsableIdOrAddressIsRefusedNamingTheField() {
        Map<String, String> fields = new HashMap<>(new ControllerHeartbeatRequestHeader("broker-a", 2,
                "127.0.0.1:10911", "127.0.0.1:10912", 7, 0).toExtFields());
        fields.put("memberId", "0");
        assertThatThrownBy(() -> ControllerHeartbeatRequestHeader.fromExtFields(fields))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessageContaining("TANDEM_CONTROLLER_HEARTBEAT(100200)").hasMessageContaining("memberId");
        fields.put("memberId", "2");
        fields.put("replicationAddress", "localhost");
        assertThatThrownBy(() -> ControllerHeartbeatRequestHeader.fromExtFields(fields))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessageContaining("replicationAddress").hasMessageContaining("not host:port");
    }

    @Test
    void groupAnswerCarriesTheLeaderAndTheInSyncSet() {
        ControllerGroupResponseHeader answer = new ControllerGroupResponseHeader(3L, "127.0.0.1:10911",
                "127.0.0.1:10912", 4, Set.of(3L, 1L), true, 3000L);

        assertThat(answer.toExtFields()).containsEntry("inSync", "1,3").containsEntry("leaseMillis", "3000");
        assertThat(ControllerGroupResponseHeader.fromExtFields(RequestCode.TANDEM_CONTROLLER_HEARTBEAT,
                answer.toExtFields())).isEqualTo(answer);
        ControllerGroupResponseHeader leaderless = new ControllerGroupResponseHeader(null, null, null, 0, Set.of(), false);
        assertThat(ControllerGroupResponseHeader.fromExtFields(RequestCode.TANDEM_CONTROLLER_HEARTBEAT,
                leaderless.toExtFields())).isEqualTo(leaderless);
        assertThatThrownBy(() -> ControllerGroupResponseHeader.fromExtFields(RequestCode.TANDEM_CONTROLLER_HEARTBEAT,
                Map.of("epoch", "4", "leaseMillis", "0")))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("leaseMillis")
                .hasMessageContaining("must be positive, was 0");
    }

    @Test
    void alterInSyncAndElectSurviveTheWire() {
        AlterInSyncRequestHeader alter = new AlterInSyncRequestHeader("broker-a", 1, 2, Set.of(1L, 2L));
        ElectLeaderRequestHeader elect = new ElectLeaderRequestHeader("broker-a", 3, true);

        assertThat(AlterInSyncRequestHeader.fromExtFields(alter.toExtFields())).isEqualTo(alter);
        assertThat(ElectLeaderRequestHeader.fromExtFields(elect.toExtFields())).isEqualTo(elect);
        assertThat(ElectLeaderRequestHeader.fromExtFields(Map.of("brokerName", "broker-a", "memberId", "3"))
                .unclean()).isFalse();
    }

    @Test
    void inSyncSetThatIsNotAListOfIdsIsRefused() {
        assertThatThrownBy(() -> AlterInSyncRequestHeader.fromExtFields(Map.of("brokerName", "broker-a",
                "memberId", "1", "epoch", "2", "inSync", "1,two")))
                .isInstanceOf(InvalidHeaderException.class).hasMessageContaining("inSync");
    }
}
