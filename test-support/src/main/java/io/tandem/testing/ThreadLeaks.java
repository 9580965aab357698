package io.tandem.testing;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks that what a test closed left none of its threads running. Threads are recognized by the prefixes of their
 * names (Tandem names every thread it starts). Closing may finish asynchronously: a check waits up to {@link #WAIT}
 * for the threads to end and fails naming those still alive.
 */
public final class ThreadLeaks {

    /** How long the threads of closed components may take to end. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    /** The names of the client's threads: timers, consume and trace threads and the remoting event loop. */
    public static final List<String> CLIENT_THREADS = List.of("tandem-client", "tandem-remoting-client", "tandem-consume",
            "tandem-trace");

    private ThreadLeaks() {
    }

    /** Waits up to {@link #WAIT} for every thread of closed clients ({@link #CLIENT_THREADS}) to end. */
    public static void assertNoClientThreadsLeft() {
        assertNoneLeftBut(Set.of(), CLIENT_THREADS);
    }

    /** Waits up to {@link #WAIT} for every thread whose name starts with one of {@code namePrefixes} to end. */
    public static void assertNoneLeft(String... namePrefixes) {
        assertNoneLeftBut(Set.of(), List.of(namePrefixes));
    }

    /** The live threads whose names start with one of {@code namePrefixes}. */
    public static Set<Thread> running(List<String> namePrefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && namePrefixes.stream().anyMatch(thread.getName()::startsWith))
                .collect(Collectors.toSet());
    }

    /**
     * Waits up to {@link #WAIT} for every thread whose name starts with one of {@code namePrefixes} to end, except
     * those in {@code before}: taken with {@link #running} before the test started what it closed, they belong to
     * components that other tests in the same JVM still hold.
     */
    public static void assertNoneLeftBut(Set<Thread> before, List<String> namePrefixes) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(running(namePrefixes))
                .filteredOn(thread -> !before.contains(thread))
                .extracting(Thread::getName)
                .as("threads named %s left running by what the test closed", namePrefixes)
                .isEmpty());
    }
}
