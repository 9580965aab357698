package io.tandem.server.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down repeated authentication failures from one source address: the first {@value #FREE_FAILURES} failures
 * within {@link #MEMORY} are answered at once, each further one after a delay that doubles from the base delay up to
 * the maximum. A source that fails for none of {@link #MEMORY} starts afresh; a success does not reset it (so valid
 * credentials of one user do not help guess another's).
 *
 * <p>The delay is applied by answering later, never by blocking a thread. Memory is bounded: at most
 * {@link #MAX_SOURCES} sources are remembered; when that many are, stale ones are dropped and a new source beyond
 * the bound gets the base delay without being remembered. Thread-safe; time comes from the injected clock.
 */
public final class FailureThrottle {

    static final int FREE_FAILURES = 3;
    static final Duration MEMORY = Duration.ofMinutes(1);
    static final int MAX_SOURCES = 10_000;

    private record Failures(int count, long lastMillis) {
    }

    private final Clock clock;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Map<InetAddress, Failures> sources = new ConcurrentHashMap<>();

    public FailureThrottle(Clock clock, Duration baseDelay, Duration maxDelay) {
        this.clock = clock;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    /** Records a failure from {@code source} and returns how long to wait before answering it. */
    public Duration failed(InetAddress source) {
        long now = clock.millis();
        if (sources.size() >= MAX_SOURCES && !sources.containsKey(source)) {
            sources.values().removeIf(failures -> now - failures.lastMillis >= MEMORY.toMillis());
            if (sources.size() >= MAX_SOURCES) {
                return baseDelay;
            }
        }
        Failures failures = sources.compute(source, (address, previous) ->
                previous == null || now - previous.lastMillis >= MEMORY.toMillis()
                        ? new Failures(1, now)
                        : new Failures(previous.count == Integer.MAX_VALUE ? previous.count : previous.count + 1, now));
        int excess = failures.count - FREE_FAILURES;
        if (excess <= 0) {
            return Duration.ZERO;
        }
        Duration delay = baseDelay.multipliedBy(1L << Math.min(excess - 1, 20));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** How many sources are remembered now. */
    int sourceCount() {
        return sources.size();
    }
}
