package io.tandem.protocol.message;

import io.tandem.protocol.ProtocolException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Round trips and damage tolerance of the batch body codec. */
class BatchMessageCodecPropertiesTest {

    @Property
    void batchesShouldRoundTrip(@ForAll("batches") List<BatchEntry> entries) {
        assertThat(BatchMessageCodec.decode(BatchMessageCodec.encode(entries))).containsExactlyElementsOf(entries);
    }

    @Property(tries = 300)
    void damagedBatchesShouldFailOnlyWithProtocolExceptions(@ForAll("batches") List<BatchEntry> entries,
                                                            @ForAll int position, @ForAll byte value) {
        byte[] body = BatchMessageCodec.encode(entries);
        if (body.length > 0) {
            body[Math.floorMod(position, body.length)] = value;
        }

        assertThatCode(() -> {
            try {
                BatchMessageCodec.decode(body);
            } catch (ProtocolException expected) {
                assertThat(expected).hasMessageStartingWith("malformed batch entry ");
            }
        }).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<List<BatchEntry>> batches() {
        Arbitrary<BatchEntry> entry = Combinators.combine(Arbitraries.integers(),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(50), MessageArbitraries.properties())
                .as(BatchEntry::new);
        return entry.list().ofMaxSize(5);
    }
}
