package io.tandem.protocol.txn;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.InvalidHeaderException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The headers of the broker ↔ coordinator requests: their field names and texts on the wire (fixed here, so that a
 * broker and a coordinator of different builds understand each other), round trips, and the errors for bad values.
 */
class TransactionHeadersTest {

    @Test
    void shouldWriteEachHeaderWithItsWireFieldNames() {
        assertThat(new ListHalvesRequestHeader(7, 100).toExtFields())
                .containsExactly(Map.entry("fromOffset", "7"), Map.entry("max", "100"));
        assertThat(new CheckHalfRequestHeader(3).toExtFields()).containsExactly(Map.entry("halfOffset", "3"));
        assertThat(new CheckHalfResponseHeader(true).toExtFields()).containsExactly(Map.entry("sent", "true"));
        assertThat(new ResolveHalfRequestHeader(3, 4096, Decision.ROLLBACK, DecisionSource.OPERATOR).toExtFields())
                .containsExactly(Map.entry("halfOffset", "3"), Map.entry("commitLogOffset", "4096"),
                        Map.entry("decision", "ROLLBACK"), Map.entry("source", "OPERATOR"));
        assertThat(new ResolveHalfResponseHeader(ResolveOutcome.ALREADY_DECIDED).toExtFields())
                .containsExactly(Map.entry("outcome", "ALREADY_DECIDED"));
        assertThat(new HalfDecisionsRequestHeader(12, 50).toExtFields())
                .containsExactly(Map.entry("fromOpOffset", "12"), Map.entry("max", "50"));
        assertThat(new ParkHalfRequestHeader(9, false).toExtFields())
                .containsExactly(Map.entry("halfOffset", "9"), Map.entry("parked", "false"));
    }

    @Test
    void shouldReadBackEveryHeaderItWrites() {
        for (Decision decision : Decision.values()) {
            for (DecisionSource source : DecisionSource.values()) {
                ResolveHalfRequestHeader header = new ResolveHalfRequestHeader(5, 1L << 40, decision, source);
                assertThat(ResolveHalfRequestHeader.fromExtFields(header.toExtFields())).isEqualTo(header);
            }
        }
        for (ResolveOutcome outcome : ResolveOutcome.values()) {
            ResolveHalfResponseHeader header = new ResolveHalfResponseHeader(outcome);
            RemotingCommand response = RemotingCommand.request(RequestCode.TANDEM_RESOLVE_HALF).build()
                    .response(0).extFields(header.toExtFields()).build();
            assertThat(ResolveHalfResponseHeader.from(response)).isEqualTo(header);
        }
        ListHalvesRequestHeader list = new ListHalvesRequestHeader(Long.MAX_VALUE, 1);
        assertThat(ListHalvesRequestHeader.fromExtFields(list.toExtFields())).isEqualTo(list);
        HalfDecisionsRequestHeader decisions = new HalfDecisionsRequestHeader(0, null);
        assertThat(HalfDecisionsRequestHeader.fromExtFields(decisions.toExtFields())).isEqualTo(decisions);
        assertThat(CheckHalfRequestHeader.fromExtFields(new CheckHalfRequestHeader(8).toExtFields()).halfOffset())
                .isEqualTo(8);
        assertThat(CheckHalfResponseHeader.fromExtFields(Map.of("sent", "false")).sent()).isFalse();
        assertThat(ParkHalfRequestHeader.fromExtFields(Map.of("halfOffset", "2", "parked", "true")))
                .isEqualTo(new ParkHalfRequestHeader(2, true));
    }

    @Test
    void shouldReadAPageRequestWithoutFieldsAsTheFirstPageOfTheBrokersSize() {
        assertThat(ListHalvesRequestHeader.from(RemotingCommand.request(RequestCode.TANDEM_LIST_HALVES).build()))
                .isEqualTo(new ListHalvesRequestHeader(0, null));
        assertThat(HalfDecisionsRequestHeader.fromExtFields(null)).isEqualTo(new HalfDecisionsRequestHeader(0, null));
        assertThat(new ListHalvesRequestHeader(0, null).toExtFields()).doesNotContainKey("max");
    }

    @Test
    void shouldRefuseADecisionOrSourceNoConstantHasNamingTheFieldAndTheValue() {
        Map<String, String> maybe = Map.of("halfOffset", "3", "commitLogOffset", "4096", "decision", "MAYBE",
                "source", "OPERATOR");
        assertThatThrownBy(() -> ResolveHalfRequestHeader.fromExtFields(maybe))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessage("TANDEM_RESOLVE_HALF(100102) request: field 'decision' = 'MAYBE' is none of COMMIT, "
                        + "ROLLBACK");
        Map<String, String> lowerCase = Map.of("halfOffset", "3", "commitLogOffset", "4096", "decision", "COMMIT",
                "source", "operator");
        assertThatThrownBy(() -> ResolveHalfRequestHeader.fromExtFields(lowerCase))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessage("TANDEM_RESOLVE_HALF(100102) request: field 'source' = 'operator' is none of PRODUCER, "
                        + "CHECK, POLICY, OPERATOR");
        assertThatThrownBy(() -> ResolveHalfResponseHeader.fromExtFields(Map.of("outcome", "MISMATCH")))
                .isInstanceOf(InvalidHeaderException.class)
                .hasMessage("TANDEM_RESOLVE_HALF(100102) response: field 'outcome' = 'MISMATCH' is none of DECIDED, "
                        + "ALREADY_DECIDED");
    }

    @Test
    void shouldNameAMissingOrUnparsableField() {
        assertThatThrownBy(() -> ResolveHalfRequestHeader.fromExtFields(Map.of("halfOffset", "3",
                "decision", "COMMIT", "source", "CHECK")))
                .hasMessage("TANDEM_RESOLVE_HALF(100102) request: field 'commitLogOffset' is missing");
        assertThatThrownBy(() -> CheckHalfRequestHeader.fromExtFields(Map.of("halfOffset", "three")))
                .hasMessage("TANDEM_CHECK_HALF(100101) request: field 'halfOffset' = 'three' is not an int64");
        assertThatThrownBy(() -> CheckHalfResponseHeader.fromExtFields(Map.of()))
                .hasMessage("TANDEM_CHECK_HALF(100101) response: field 'sent' is missing");
        assertThatThrownBy(() -> ParkHalfRequestHeader.fromExtFields(Map.of("halfOffset", "1", "parked", "yes")))
                .hasMessage("TANDEM_PARK_HALF(100104) request: field 'parked' = 'yes' is not a boolean");
        assertThatThrownBy(() -> ListHalvesRequestHeader.fromExtFields(Map.of("max", "many")))
                .hasMessage("TANDEM_LIST_HALVES(100100) request: field 'max' = 'many' is not an int32");
    }
}
