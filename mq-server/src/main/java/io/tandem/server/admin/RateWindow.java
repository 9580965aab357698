package io.tandem.server.admin;

/**
 * Samples of an ever-growing total (messages stored, messages handed out) taken about once a second, from which the
 * rate over the last few seconds or minutes is read. Keeps the newest {@code capacity} samples. Not thread-safe; the
 * owner synchronizes.
 */
final class RateWindow {

    private final long[] times;
    private final long[] totals;
    private int next;
    private int size;

    RateWindow(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a rate window needs at least 2 samples, was " + capacity);
        }
        this.times = new long[capacity];
        this.totals = new long[capacity];
    }

    void record(long timeMs, long total) {
        times[next] = timeMs;
        totals[next] = total;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /**
     * Per-second rate of the total over about the last {@code windowMs}: from the newest sample at least that old (or
     * the oldest kept, if none is) to the newest sample. 0 with fewer than two samples.
     */
    double perSecond(long windowMs) {
        if (size < 2) {
            return 0;
        }
        int newest = (next - 1 + times.length) % times.length;
        long cutoff = times[newest] - windowMs;
        int from = (next - size + times.length) % times.length;
        for (int i = size - 1; i >= 0; i--) {
            int at = (next - size + i + times.length) % times.length;
            if (times[at] <= cutoff) {
                from = at;
                break;
            }
        }
        long elapsedMs = times[newest] - times[from];
        return elapsedMs <= 0 ? 0 : (totals[newest] - totals[from]) * 1000.0 / elapsedMs;
    }
}
