package io.tandem.protocol.trace;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Any broker record survives an encode/decode round trip, alone or among others. */
class TraceCodecProperties {

    @Property
    void brokerRecordsShouldSurviveARoundTrip(@ForAll("records") List<TraceRecord> records) {
        assertThat(TraceCodec.decode(TraceCodec.encode(records))).isEqualTo(records);
    }

    @Provide
    Arbitrary<List<TraceRecord>> records() {
        Arbitrary<String> text = Arbitraries.strings().withChars("abcXYZ019-_:.@ %").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equals(TraceDescriptor.ABSENT) && !s.strip().isEmpty() && s.strip().equals(s));
        Arbitrary<String> maybeText = text.injectNull(0.2);
        Arbitrary<Long> number = Arbitraries.longs().between(-1, Long.MAX_VALUE);
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 1 << 20);
        Arbitrary<TraceRecord> stored = Combinators.combine(number, maybeText, maybeText, text, maybeText, small,
                        number, maybeText)
                .as((time, broker, topic, id, keys, queue, offset, host) -> new TraceRecord.Stored(time, broker, topic,
                        id, null, keys, queue, offset, host, host, queue, time, broker));
        Arbitrary<TraceRecord> retry = Combinators.combine(number, maybeText, text, maybeText, small, small)
                .as((time, group, id, keys, attempt, level) -> new TraceRecord.Retry(time, "b", group, id, keys,
                        "T", attempt, level, null));
        Arbitrary<TraceRecord> deadLetter = Combinators.combine(number, text, Arbitraries.of(DeadLetterReason.class),
                        small)
                .as((time, id, reason, attempt) -> new TraceRecord.DeadLetter(time, "b", "g", id, null, null, attempt,
                        reason, id));
        Arbitrary<TraceRecord> checkBack = Combinators.combine(number, text, Arbitraries.of(CheckBackAnswer.class),
                        Arbitraries.longs().between(-1, 100_000))
                .as((time, id, answer, latency) -> new TraceRecord.CheckBack(time, "b", "pg", id, 3, null, "a:1",
                        answer, latency));
        Arbitrary<TraceRecord> decided = Combinators.combine(number, text, Arbitraries.of("COMMIT", "ROLLBACK"))
                .as((time, id, decision) -> new TraceRecord.Decided(time, "b", "pg", id, decision, "OPERATOR", time));
        return Arbitraries.oneOf(stored, retry, deadLetter, checkBack, decided).list().ofMaxSize(8);
    }
}
