package io.tandem.protocol.message;

import java.net.InetAddress;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Creates {@link UniqueKey}s for one producer (or for a broker filling in a missing UNIQ_KEY), in the format of the
 * reference producer: fixed address, pid and instance hash, the time since the start of the current month in the
 * clock's zone, and a wrapping 16-bit counter. Time comes from the injected {@link Clock}. Thread-safe.
 */
public final class UniqueKeyGenerator {

    private final InetAddress clientAddress;
    private final short processId;
    private final int instanceHash;
    private final Clock clock;

    private long monthStartMs;
    private long nextMonthStartMs;
    private short counter;

    /**
     * @param clientAddress address to embed (the producer's, or the broker's own when it fills keys in)
     * @param processId     process id; its low 16 bits are embedded
     * @param instanceHash  distinguishes generators in one process (the reference uses the class loader's hash)
     * @param clock         time source; its zone defines "month"
     */
    public UniqueKeyGenerator(InetAddress clientAddress, long processId, int instanceHash, Clock clock) {
        this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
        this.processId = (short) processId;
        this.instanceHash = instanceHash;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The next key's text. */
    public String next() {
        return nextKey().format();
    }

    /** The next key. */
    public synchronized UniqueKey nextKey() {
        long nowMs = clock.millis();
        if (nowMs >= nextMonthStartMs || nowMs < monthStartMs) {
            LocalDate firstOfMonth = LocalDate.ofInstant(clock.instant(), clock.getZone()).withDayOfMonth(1);
            ZonedDateTime start = firstOfMonth.atStartOfDay(clock.getZone());
            monthStartMs = start.toInstant().toEpochMilli();
            nextMonthStartMs = start.plusMonths(1).toInstant().toEpochMilli();
        }
        return new UniqueKey(clientAddress, processId, instanceHash, (int) (nowMs - monthStartMs), counter++);
    }
}
