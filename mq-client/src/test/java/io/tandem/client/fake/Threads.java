package io.tandem.client.fake;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Checks that closed clients left no thread of theirs running. */
public final class Threads {

    private Threads() {
    }

    /** Waits up to 10 s for every client timer, consume, trace and remoting thread to end. */
    public static void assertNoClientThreadsLeft() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.isAlive() && (thread.getName().startsWith("tandem-client")
                        || thread.getName().startsWith("tandem-remoting-client")
                        || thread.getName().startsWith("tandem-consume")
                        || thread.getName().startsWith("tandem-trace")))
                .as("threads of closed clients")
                .isEmpty());
    }
}
