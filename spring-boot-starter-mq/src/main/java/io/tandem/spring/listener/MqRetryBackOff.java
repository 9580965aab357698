package io.tandem.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A listener's retry back-off (initial wait, multiplier, longest wait) mapped onto the broker's delay levels, which
 * pace retries: each wait becomes the shortest level at least as long, or the longest level. Retries are scheduled by
 * the broker, so a consume thread never sleeps through a back-off.
 */
public final class MqRetryBackOff {

    /** The broker's default delay levels, level 1 first. */
    public static final List<Duration> DEFAULT_DELAY_LEVELS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(3), Duration.ofMinutes(4), Duration.ofMinutes(5), Duration.ofMinutes(6),
            Duration.ofMinutes(7), Duration.ofMinutes(8), Duration.ofMinutes(9), Duration.ofMinutes(10),
            Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2));

    private static final int MAX_STEPS = 64;

    private MqRetryBackOff() {
    }

    /**
     * The delay level of each retry: element n for the retry after n + 1 failed deliveries; the last one holds for
     * every later retry.
     *
     * @param initialInterval the wait before the first retry
     * @param multiplier      each further wait is the previous one times this, at least 1
     * @param maxInterval     the longest wait; null: the longest level (or the initial interval, if longer)
     * @param delayLevels     the broker's delay levels, level 1 first
     * @throws IllegalArgumentException naming the setting that is invalid
     */
    public static List<Integer> delayLevels(Duration initialInterval, double multiplier, Duration maxInterval,
                                            List<Duration> delayLevels) {
        Objects.requireNonNull(initialInterval, "initialInterval");
        if (initialInterval.isNegative() || initialInterval.isZero()) {
            throw new IllegalArgumentException("the retry initial interval must be positive, was " + initialInterval);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("the retry multiplier must be at least 1, was " + multiplier);
        }
        if (delayLevels == null || delayLevels.isEmpty()) {
            throw new IllegalArgumentException("the broker's delay levels are needed to map a retry back-off onto");
        }
        Duration longest = delayLevels.get(delayLevels.size() - 1);
        Duration cap = maxInterval != null ? maxInterval
                : longest.compareTo(initialInterval) < 0 ? initialInterval : longest;
        if (cap.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("the retry max interval (" + cap + ") is below the initial interval ("
                    + initialInterval + ")");
        }
        List<Integer> levels = new ArrayList<>();
        double waitMs = initialInterval.toMillis();
        for (int step = 0; step < MAX_STEPS; step++) {
            boolean capped = waitMs >= cap.toMillis();
            Duration wait = capped ? cap : Duration.ofMillis((long) waitMs);
            levels.add(levelFor(wait, delayLevels));
            if (capped || multiplier == 1.0 || levels.get(levels.size() - 1) == delayLevels.size()) {
                break;
            }
            waitMs *= multiplier;
        }
        return List.copyOf(levels);
    }

    private static int levelFor(Duration wait, List<Duration> delayLevels) {
        for (int i = 0; i < delayLevels.size(); i++) {
            if (delayLevels.get(i).compareTo(wait) >= 0) {
                return i + 1;
            }
        }
        return delayLevels.size();
    }
}
