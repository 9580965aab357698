package io.tandem.bench.e2e.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PayloadDescriptorTest {

    @Test
    void shouldReadBackTheHeaderItWrote() {
        byte[] template = PayloadDescriptor.template(1024);

        byte[] body = PayloadDescriptor.newBody(template, 3, 1L << 33, -42L);

        assertThat(body).hasSize(1024);
        assertThat(PayloadDescriptor.isBenchmarkBody(body)).isTrue();
        assertThat(PayloadDescriptor.stream(body)).isEqualTo(3);
        assertThat(PayloadDescriptor.sequence(body)).isEqualTo(1L << 33);
        assertThat(PayloadDescriptor.sendTimeNs(body)).isEqualTo(-42L);
        assertThat(template).isNotSameAs(body);
    }

    @Test
    void shouldNotMistakeOtherBodiesForBenchmarkMessages() {
        assertThat(PayloadDescriptor.isBenchmarkBody(new byte[PayloadDescriptor.HEADER_LENGTH])).isFalse();
        assertThat(PayloadDescriptor.isBenchmarkBody(new byte[3])).isFalse();
        assertThat(PayloadDescriptor.isBenchmarkBody(null)).isFalse();
    }

    @Test
    void shouldRefuseAMessageSizeThatCannotHoldTheHeader() {
        assertThatIllegalArgumentException().isThrownBy(() -> PayloadDescriptor.template(PayloadDescriptor.HEADER_LENGTH - 1))
                .withMessageContaining("24-byte header");
    }
}
