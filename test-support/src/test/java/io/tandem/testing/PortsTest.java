package io.tandem.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void handsOutBindablePortsBelowTheEphemeralRangeAndNeverTheSameTwice() throws IOException {
        Set<Integer> seen = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            int base = Ports.unusedRange(8);
            assertThat(base).isGreaterThanOrEqualTo(10_000);
            assertThat(base + 8).isLessThanOrEqualTo(Ports.ephemeralLow());
            for (int port = base; port < base + 8; port++) {
                assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
                try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertThat(bound.getLocalPort()).isEqualTo(port);
                }
            }
        }
    }

    @Test
    void forksRunningSideBySideTakeDisjointSlicesBelowTheEphemeralRange() {
        assertThat(Ports.slice(null, 32_768)).isEqualTo(new Ports.Range(10_000, 32_768));
        Ports.Range previous = null;
        for (int fork = 1; fork <= Ports.SLICES; fork++) {
            Ports.Range slice = Ports.slice(Integer.toString(fork), 32_768);
            assertThat(slice.from()).isGreaterThanOrEqualTo(10_000);
            assertThat(slice.to()).isLessThanOrEqualTo(32_768).isGreaterThan(slice.from() + 1_000);
            if (previous != null) {
                assertThat(slice.from()).as("fork %d starts where fork %d ends", fork, fork - 1)
                        .isEqualTo(previous.to());
            }
            previous = slice;
        }
        assertThat(Ports.slice(Integer.toString(Ports.SLICES + 1), 32_768)).isEqualTo(Ports.slice("1", 32_768));
    }

    @Test
    void refusesAForkNumberThatIsNotAPositiveWholeNumber() {
        assertThatThrownBy(() -> Ports.slice("0", 32_768)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tandem.test.fork must be a whole number from 1, was '0'");
        assertThatThrownBy(() -> Ports.slice("two", 32_768)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 'two'");
    }

    @Test
    void refusesAnEmptyRange() {
        assertThatThrownBy(() -> Ports.unusedRange(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count must be 1 or more, was 0");
    }
}
