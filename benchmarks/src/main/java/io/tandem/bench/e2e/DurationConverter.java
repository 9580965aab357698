package io.tandem.bench.e2e;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/** Reads "20s", "500ms", "2m" or a plain number of seconds ("7.5") as a duration. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            }
            if (text.endsWith("m")) {
                return seconds(Double.parseDouble(text.substring(0, text.length() - 1).trim()) * 60);
            }
            if (text.endsWith("s")) {
                return seconds(Double.parseDouble(text.substring(0, text.length() - 1).trim()));
            }
            return seconds(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 20s, 500ms or 2m");
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
