package io.tandem.protocol.txn;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.body.HalfMessageList;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire texts of the contract's enums, fixed once, and the JSON bodies that carry them. */
class ContractEnumsTest {

    @Test
    void shouldKeepEveryWireNameAndOpCode() {
        assertThat(Arrays.stream(Decision.values()).map(Decision::wireName)).containsExactly("COMMIT", "ROLLBACK");
        assertThat(Arrays.stream(Decision.values()).map(decision -> (char) decision.opCode())).containsExactly('C', 'R');
        assertThat(Arrays.stream(DecisionSource.values()).map(DecisionSource::wireName))
                .containsExactly("PRODUCER", "CHECK", "POLICY", "OPERATOR");
        assertThat(Arrays.stream(CheckOutcome.values()).map(CheckOutcome::wireName)).containsExactly("NONE",
                "CHECK_SENT", "NO_PRODUCER_ONLINE", "HALF_NOT_READABLE", "CHECK_FAILED", "UNKNOWN");
        assertThat(Arrays.stream(ResolveOutcome.values()).map(ResolveOutcome::wireName))
                .containsExactly("DECIDED", "ALREADY_DECIDED");
    }

    @Test
    void shouldFindConstantsByWireNameOnlyExactly() {
        assertThat(Decision.ofWireName("COMMIT")).isEqualTo(Decision.COMMIT);
        assertThat(Decision.ofWireName("commit")).isNull();
        assertThat(Decision.ofOpCode((byte) 'R')).isEqualTo(Decision.ROLLBACK);
        assertThat(Decision.ofOpCode((byte) 'U')).isNull();
        assertThat(DecisionSource.ofWireName("")).isNull();
        assertThat(CheckOutcome.ofWireName(null)).isNull();
        assertThat(ResolveOutcome.ofWireName("DECIDED")).isEqualTo(ResolveOutcome.DECIDED);
    }

    @Test
    void shouldTellTheDecisionOfEachEndOfChecksAction() {
        assertThat(EndOfChecks.COMMIT.decision()).isEqualTo(Decision.COMMIT);
        assertThat(EndOfChecks.ROLLBACK.decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(EndOfChecks.PARK.decision()).isNull();
    }

    @Test
    void shouldCarryDecisionsAndSourcesInDecisionBodiesByWireName() {
        HalfDecisionList list = new HalfDecisionList(List.of(
                new HalfDecisionList.Entry(4, 2, Decision.ROLLBACK, DecisionSource.POLICY, "TX", "pg", 99,
                        "orders", 1, "order-7", 42L)), 5);

        String json = new String(list.toJson(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"decision\":\"ROLLBACK\"").contains("\"source\":\"POLICY\"");
        assertThat(HalfDecisionList.fromJson(list.toJson())).isEqualTo(list);
    }

    @Test
    void shouldCarryCheckOutcomesInHalfBodiesByWireName() {
        for (CheckOutcome outcome : CheckOutcome.values()) {
            HalfMessageList list = new HalfMessageList(List.of(new HalfMessageList.Half(1, 2, "pg", "TX", "t", 0,
                    null, 3, 4, 5, outcome, false, true)), 2);

            assertThat(new String(list.toJson(), StandardCharsets.UTF_8))
                    .contains("\"lastAnswer\":\"" + outcome.wireName() + "\"");
            assertThat(HalfMessageList.fromJson(list.toJson())).isEqualTo(list);
        }
    }

    @Test
    void shouldRefuseABodyWithAValueNoConstantHasNamingTheFieldAndTheValue() {
        byte[] decisions = ("{\"decisions\":[{\"opOffset\":1,\"halfOffset\":0,\"decision\":\"COMMIT\","
                + "\"source\":\"CHECK\"},{\"opOffset\":2,\"halfOffset\":1,\"decision\":\"MAYBE\",\"source\":\"CHECK\"}],"
                + "\"nextOpOffset\":3}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HalfDecisionList.fromJson(decisions))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("invalid HalfDecisionList JSON body: ")
                .hasMessageContaining("'MAYBE' is none of COMMIT, ROLLBACK")
                .hasMessageEndingWith("(at decisions[1].decision)");

        byte[] halves = ("{\"halves\":[{\"halfOffset\":0,\"lastAnswer\":\"ANSWERED\"}],\"nextOffset\":1}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> HalfMessageList.fromJson(halves))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'ANSWERED' is none of NONE, CHECK_SENT, NO_PRODUCER_ONLINE, HALF_NOT_READABLE, "
                        + "CHECK_FAILED, UNKNOWN")
                .hasMessageEndingWith("(at halves[0].lastAnswer)");
    }
}
