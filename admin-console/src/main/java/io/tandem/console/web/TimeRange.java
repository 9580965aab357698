package io.tandem.console.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A search's time range from the page's {@code datetime-local} inputs, in the console's zone. */
record TimeRange(Instant begin, Instant end) {

    /**
     * The range between {@code from} and {@code to}; a blank {@code from} is {@code defaultSpan} before now, a blank
     * {@code to} is a minute after now.
     *
     * @throws IllegalArgumentException naming the input that is not a time
     */
    static TimeRange parse(String from, String to, Duration defaultSpan, Clock clock) {
        Instant now = clock.instant();
        Instant begin = from == null || from.isBlank() ? now.minus(defaultSpan) : instant(from, "from");
        Instant end = to == null || to.isBlank() ? now.plusSeconds(60) : instant(to, "to");
        return new TimeRange(begin, end);
    }

    private static Instant instant(String value, String what) {
        try {
            return LocalDateTime.parse(value.strip()).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' (" + what + ") is not a time: use yyyy-MM-ddTHH:mm");
        }
    }
}
