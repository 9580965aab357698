package io.tandem.console.stats;

/**
 * One value of a sampled series.
 *
 * @param timeMs when it was sampled (ms since the epoch)
 * @param value  the counter, or a per-second rate
 */
public record Point(long timeMs, long value) {
}
