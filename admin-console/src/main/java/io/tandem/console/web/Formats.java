package io.tandem.console.web;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formatting for the pages ({@code ${fmt.time(ms)}}): times in the console's zone, ages, counts, rates and sizes.
 * Stateless apart from the clock; thread-safe.
 */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

    private final Clock clock;
    private final ZoneId zone;

    public Formats(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS}, or a dash for null or 0. */
    public String time(Long epochMs) {
        return epochMs == null || epochMs <= 0 ? "—" : TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone));
    }

    /** The value of a {@code datetime-local} input for a time {@code minutesAgo} minutes before now. */
    public String inputMinutesAgo(long minutesAgo) {
        return INPUT.format(clock.instant().minusSeconds(minutesAgo * 60).atZone(zone));
    }

    /** How long ago, as {@code 12 s ago}, {@code 3 min ago}. */
    public String ago(Long epochMs) {
        return epochMs == null || epochMs <= 0 ? "—" : duration(clock.millis() - epochMs) + " ago";
    }

    /** A duration in ms as {@code 850 ms}, {@code 12 s}, {@code 3 min 5 s}, {@code 2 h 4 min}, {@code 3 d 2 h}. */
    public String duration(Long ms) {
        if (ms == null) {
            return "—";
        }
        long value = Math.max(0, ms);
        if (value < 1_000) {
            return value + " ms";
        }
        long seconds = value / 1_000;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3_600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        if (seconds < 86_400) {
            return seconds / 3_600 + " h" + (seconds % 3_600 / 60 == 0 ? "" : " " + seconds % 3_600 / 60 + " min");
        }
        return seconds / 86_400 + " d" + (seconds % 86_400 / 3_600 == 0 ? "" : " " + seconds % 86_400 / 3_600 + " h");
    }

    /** {@code ip:port}, or a dash for null. */
    public String address(InetSocketAddress address) {
        if (address == null) {
            return "—";
        }
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host + ":" + address.getPort();
    }

    /** A count with thousands separators. */
    public String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A per-second rate with one decimal below 100. */
    public String rate(double perSecond) {
        return perSecond < 100 ? String.format(Locale.ROOT, "%.1f/s", perSecond)
                : String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    /** Bytes as B, KiB, MiB, GiB or TiB. */
    public String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** A percentage of {@code part} in {@code whole}, 0 for an empty whole. */
    public long percent(long part, long whole) {
        return whole <= 0 ? 0 : Math.round(part * 100.0 / whole);
    }
}
