package io.tandem.bench.e2e.measure;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution, in microseconds.
 *
 * @param count how many values were recorded; 0 leaves every percentile at 0
 */
public record LatencySummary(long count, double p50Us, double p99Us, double p999Us, double maxUs, double meanUs) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    /** Summarizes a histogram of microsecond values. */
    public static LatencySummary of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
                histogram.getMean());
    }
}
