package io.tandem.protocol.txn;

import io.tandem.protocol.ProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Round trips of the op record codec, and its answer to bytes that are not op records. */
class TransactionOpCodecPropertiesTest {

    @Property
    void everyRecordShouldReadBackAsWritten(@ForAll("ops") TransactionOp op) {
        assertThat(TransactionOpCodec.decode(TransactionOpCodec.encode(op))).isEqualTo(op);
    }

    @Property
    void aRecordWithoutSeparatorsInKeyAndGroupShouldBeTheTextBrokersHaveAlwaysWritten(
            @ForAll("ops") TransactionOp op) {
        String key = op.uniqueKey().replace(":", "");
        TransactionOp plain = new TransactionOp(op.decision(), op.halfOffset(), op.source(), key, op.producerGroup());

        String expected = (char) op.decision().opCode() + ":" + op.halfOffset() + ":" + op.source().name() + ":"
                + key + ":" + op.producerGroup();
        assertThat(TransactionOpCodec.encode(plain)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void anyBytesShouldReadAsARecordOrFailWithAProtocolException(@ForAll("noise") byte[] bytes) {
        assertThatCode(() -> {
            try {
                TransactionOp op = TransactionOpCodec.decode(bytes);
                assertThat(op.halfOffset()).isNotNegative();
            } catch (ProtocolException expected) {
                assertThat(expected).hasMessageStartingWith("malformed transaction op record '");
            }
        }).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<TransactionOp> ops() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'F').ofLength(32),
                Arbitraries.strings().withCharRange(' ', '~').withChars('\u00e9', '\u4e2d').ofMaxLength(40));
        Arbitrary<String> groups = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('%', '|', '_', '-').ofMaxLength(40);
        return Combinators.combine(Arbitraries.of(Decision.class), Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.of(DecisionSource.class), keys, groups).as(TransactionOp::new);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> records = ops().map(TransactionOpCodec::encode);
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Combinators.combine(records, Arbitraries.integers().between(0, 60), Arbitraries.bytes())
                        .as((record, at, value) -> {
                            byte[] damaged = record.clone();
                            if (damaged.length > 0) {
                                damaged[at % damaged.length] = value;
                            }
                            return damaged;
                        }),
                Combinators.combine(records, Arbitraries.integers().between(0, 60))
                        .as((record, cut) -> java.util.Arrays.copyOf(record, Math.max(0, record.length - cut))));
    }
}
