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
    void refusesAnEmptyRange() {
        assertThatThrownBy(() -> Ports.unusedRange(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count must be 1 or more, was 0");
    }
}
