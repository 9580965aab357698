package io.tandem.spring.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the rows of one of the starter's tables that are older than a retention, every interval, on its own daemon
 * thread while the application runs. Times in the starter's tables are UTC.
 *
 * <p>Failure modes: a failed delete is logged and tried again at the next interval; rows are only ever kept longer,
 * never removed early.
 */
public final class MqTableCleaner implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(MqTableCleaner.class);

    private final JdbcTemplate jdbc;
    private final String table;
    private final String timeColumn;
    private final Duration retention;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    /**
     * @param table      the table to clean, one of {@link MqJdbcSchema}'s
     * @param timeColumn its column of UTC times rows are aged by
     * @param retention  how long rows are kept
     * @param interval   how often old rows are deleted
     */
    public MqTableCleaner(JdbcTemplate jdbc, String table, String timeColumn, Duration retention, Duration interval,
                          Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.table = Objects.requireNonNull(table, "table");
        this.timeColumn = Objects.requireNonNull(timeColumn, "timeColumn");
        this.retention = positive(retention, "retention");
        this.interval = positive(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Deletes the rows older than the retention now; returns how many. */
    public int deleteExpired() {
        LocalDateTime before = utc(clock.instant().minus(retention));
        int deleted = jdbc.update("DELETE FROM " + table + " WHERE " + timeColumn + " < ?", before);
        if (deleted > 0) {
            LOG.debug("Deleted {} rows of {} older than {}", deleted, table, retention);
        }
        return deleted;
    }

    /** The UTC time the starter's tables store for {@code instant}. */
    public static LocalDateTime utc(java.time.Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tandem-clean-" + table);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::deleteExpiredQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private void deleteExpiredQuietly() {
        try {
            deleteExpired();
        } catch (RuntimeException e) {
            LOG.warn("Could not delete old rows of {}; trying again in {}", table, interval, e);
        }
    }

    private static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }
}
