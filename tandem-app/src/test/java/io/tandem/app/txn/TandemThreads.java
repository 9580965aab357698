package io.tandem.app.txn;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Checks that closed clients and stopped applications left none of Tandem's threads running. */
final class TandemThreads {

    private TandemThreads() {
    }

    /** Waits up to 10 s for every thread whose name starts with {@code tandem-} to end. */
    static void assertNoneLeft() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.isAlive() && thread.getName().startsWith("tandem-"))
                .extracting(Thread::getName)
                .as("threads of closed clients and stopped applications")
                .isEmpty());
    }
}
