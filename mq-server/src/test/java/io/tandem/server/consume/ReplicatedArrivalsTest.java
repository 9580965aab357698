package io.tandem.server.consume;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicatedArrivalsTest {

    private final List<String> woken = new ArrayList<>();
    private final AtomicLong logEnd = new AtomicLong(100);
    private final ReplicatedArrivals arrivals = new ReplicatedArrivals(
            (topic, queueId, queueOffset, tagHash) -> woken.add(topic + "/" + queueId + "@" + queueOffset),
            logEnd::get, 100);

    @Test
    void anArrivalWakesPullsOnlyOnceEnoughMembersHoldItAndInLogOrder() {
        logEnd.set(150);
        arrivals.onArrival("orders", 0, 7, 0);
        logEnd.set(200);
        arrivals.onArrival("orders", 1, 3, 0);
        assertThat(woken).isEmpty();

        arrivals.advance(149);
        assertThat(woken).isEmpty();
        arrivals.advance(150);
        assertThat(woken).containsExactly("orders/0@7");
        arrivals.advance(250);
        assertThat(woken).containsExactly("orders/0@7", "orders/1@3");
    }

    @Test
    void anArrivalWithinTheReadableEndWakesAtOnce() {
        arrivals.advance(300);
        logEnd.set(280);
        arrivals.onArrival("orders", 2, 0, 0);
        assertThat(woken).containsExactly("orders/2@0");
        // The readable end never moves back.
        arrivals.advance(120);
        logEnd.set(290);
        arrivals.onArrival("orders", 2, 1, 0);
        assertThat(woken).containsExactly("orders/2@0", "orders/2@1");
    }
}
