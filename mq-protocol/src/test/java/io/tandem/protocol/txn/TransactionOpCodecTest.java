package io.tandem.protocol.txn;

import io.tandem.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Op records as brokers have written them, and records that are not op records. */
class TransactionOpCodecTest {

    @Test
    void shouldReadARecordAsBrokersWriteItSinceTheyRecordKeyAndGroup() {
        assertThat(decode("C:42:CHECK:7F0000010D2418B4AAC25C3A5B0A0000:payments-producers"))
                .isEqualTo(new TransactionOp(Decision.COMMIT, 42, DecisionSource.CHECK,
                        "7F0000010D2418B4AAC25C3A5B0A0000", "payments-producers"));
        assertThat(decode("R:0:OPERATOR::")).isEqualTo(new TransactionOp(Decision.ROLLBACK, 0,
                DecisionSource.OPERATOR, "", ""));
    }

    @Test
    void shouldReadARecordWrittenBeforeKeyAndGroupWereRecorded() {
        assertThat(decode("R:7:POLICY")).isEqualTo(new TransactionOp(Decision.ROLLBACK, 7, DecisionSource.POLICY,
                "", ""));
        assertThat(decode("C:9223372036854775807:PRODUCER")).isEqualTo(new TransactionOp(Decision.COMMIT,
                Long.MAX_VALUE, DecisionSource.PRODUCER, null, null));
    }

    @Test
    void shouldWriteTheLayoutBrokersHaveAlwaysRead() {
        TransactionOp op = new TransactionOp(Decision.COMMIT, 42, DecisionSource.CHECK, "TX-1", "pg");

        assertThat(new String(TransactionOpCodec.encode(op), StandardCharsets.US_ASCII))
                .isEqualTo("C:42:CHECK:TX-1:pg");
        assertThat(new String(TransactionOpCodec.encode(new TransactionOp(Decision.ROLLBACK, 3,
                DecisionSource.POLICY, null, null)), StandardCharsets.US_ASCII)).isEqualTo("R:3:POLICY::");
    }

    @Test
    void shouldKeepAKeyHoldingTheSeparatorWhole() {
        TransactionOp op = new TransactionOp(Decision.COMMIT, 1, DecisionSource.PRODUCER, "order:17:a", "pg");

        assertThat(TransactionOpCodec.decode(TransactionOpCodec.encode(op))).isEqualTo(op);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                    | it ends before field 1 (half offset)",
            "C:                    | it ends before field 1 (half offset)",
            "CR:1:CHECK            | field 0 (decision) is longer than 1 byte",
            "U:1:CHECK             | field 0 (decision) = 'U' is none of C, R",
            "C:12                  | it ends after field 1 (half offset); field 2 (source) is missing",
            "C::CHECK              | field 1 (half offset) = '' is not a decimal int64 of 1 to 19 digits",
            "C:-4:CHECK            | field 1 (half offset) = '-4' is not a non-negative decimal int64",
            "C:9223372036854775808:CHECK | field 1 (half offset) = '9223372036854775808' is not a non-negative "
                    + "decimal int64",
            "C:4:check             | field 2 (source) = 'check' is none of PRODUCER, CHECK, POLICY, OPERATOR",
            "C:4:                  | field 2 (source) = '' is none of PRODUCER, CHECK, POLICY, OPERATOR"})
    void shouldRefuseARecordThatIsNotOneNamingTheField(String record, String problem) {
        assertThatThrownBy(() -> decode(record))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("malformed transaction op record '" + record + "': " + problem);
    }

    private static TransactionOp decode(String record) {
        return TransactionOpCodec.decode(record.getBytes(StandardCharsets.US_ASCII));
    }
}
