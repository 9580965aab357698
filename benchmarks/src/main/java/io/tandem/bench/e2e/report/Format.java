package io.tandem.bench.e2e.report;

import java.util.Locale;

/** Number formats shared by the progress line, the summaries and the reports. */
public final class Format {

    private Format() {
    }

    /** A latency given in microseconds: "850 µs", "12.3 ms", "1.20 s". */
    public static String micros(double micros) {
        if (micros < 1_000) {
            return String.format(Locale.ROOT, "%.0f µs", micros);
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1_000);
        }
        return String.format(Locale.ROOT, "%.2f s", micros / 1_000_000);
    }

    /** "12,345". */
    public static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** "1.85×", or "–" for NaN. */
    public static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
