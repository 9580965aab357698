package io.tandem.console.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named series of counters sampled together, keeping the last {@code capacity} samples in primitive arrays: one
 * shared ring of sample times and one ring of values per name, so 1,000 series of an hour's samples cost a few MB.
 * A name missing from a sample has no value there; a name missing from every kept sample is dropped. Thread-safe.
 */
final class SeriesRing {

    private static final long MISSING = Long.MIN_VALUE;

    private final int capacity;
    private final long[] times;
    private final Map<String, long[]> values = new HashMap<>();
    private long recorded;

    SeriesRing(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
        }
        this.capacity = capacity;
        this.times = new long[capacity];
    }

    /** Records one sample taken at {@code timeMs}: a value per name. */
    synchronized void record(long timeMs, Map<String, Long> sample) {
        int slot = (int) (recorded % capacity);
        times[slot] = timeMs;
        values.entrySet().removeIf(series -> {
            long[] ring = series.getValue();
            ring[slot] = MISSING;
            return !sample.containsKey(series.getKey()) && allMissing(ring);
        });
        sample.forEach((name, value) -> values.computeIfAbsent(name, unused -> {
            long[] ring = new long[capacity];
            Arrays.fill(ring, MISSING);
            return ring;
        })[slot] = value);
        recorded++;
    }

    /** The names with a value in some kept sample. */
    synchronized Set<String> names() {
        return Set.copyOf(values.keySet());
    }

    /** The kept points of {@code name} at or after {@code sinceMs}, oldest first. */
    synchronized List<Point> points(String name, long sinceMs) {
        long[] ring = values.get(name);
        List<Point> points = new ArrayList<>();
        if (ring == null) {
            return points;
        }
        long first = Math.max(0, recorded - capacity);
        for (long sample = first; sample < recorded; sample++) {
            int slot = (int) (sample % capacity);
            if (ring[slot] != MISSING && times[slot] >= sinceMs) {
                points.add(new Point(times[slot], ring[slot]));
            }
        }
        return points;
    }

    /**
     * Per-second rates between successive points of {@code name} at or after {@code sinceMs}, stamped with the later
     * point's time; a counter that went down (a topic deleted and created again) counts as 0.
     */
    List<Point> rates(String name, long sinceMs) {
        List<Point> points = points(name, sinceMs);
        List<Point> rates = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            Point before = points.get(i - 1);
            Point after = points.get(i);
            long elapsedMs = after.timeMs() - before.timeMs();
            if (elapsedMs > 0) {
                rates.add(new Point(after.timeMs(), Math.max(0, after.value() - before.value()) * 1000 / elapsedMs));
            }
        }
        return rates;
    }

    /** The latest rate of {@code name} in per second, or 0 with fewer than two points. */
    double latestRate(String name) {
        List<Point> points;
        synchronized (this) {
            long[] ring = values.get(name);
            if (ring == null || recorded < 2) {
                return 0;
            }
            points = new ArrayList<>(2);
            for (long sample = recorded - 1; sample >= Math.max(0, recorded - capacity) && points.size() < 2;
                 sample--) {
                int slot = (int) (sample % capacity);
                if (ring[slot] != MISSING) {
                    points.add(new Point(times[slot], ring[slot]));
                }
            }
        }
        if (points.size() < 2 || points.get(0).timeMs() <= points.get(1).timeMs()) {
            return 0;
        }
        return Math.max(0, points.get(0).value() - points.get(1).value()) * 1000.0
                / (points.get(0).timeMs() - points.get(1).timeMs());
    }

    private static boolean allMissing(long[] ring) {
        for (long value : ring) {
            if (value != MISSING) {
                return false;
            }
        }
        return true;
    }
}
