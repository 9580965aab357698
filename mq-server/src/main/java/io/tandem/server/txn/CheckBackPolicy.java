package io.tandem.server.txn;

import io.tandem.protocol.txn.EndOfChecks;

import java.time.Duration;
import java.util.Objects;

/**
 * How the broker's own check-back duty treats undecided halves: the first check at the half's timeout, then checks
 * spaced by a doubling back-off up to {@code maxBackoff}, and after {@code maxChecks} checks the {@code endOfChecks}
 * action.
 */
public record CheckBackPolicy(Duration timeout, Duration maxBackoff, int maxChecks, EndOfChecks endOfChecks) {

    public static final CheckBackPolicy DEFAULT = new CheckBackPolicy(Duration.ofSeconds(6), Duration.ofMinutes(5),
            15, EndOfChecks.ROLLBACK);

    public CheckBackPolicy {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(endOfChecks, "endOfChecks");
        if (timeout.isNegative() || timeout.isZero() || maxBackoff.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("transaction timeout must be positive and at most maxBackoff, were "
                    + timeout + " and " + maxBackoff);
        }
        if (maxChecks < 1) {
            throw new IllegalArgumentException("maxChecks must be at least 1, was " + maxChecks);
        }
    }

    /** Wait after check number {@code checks} (1-based) before the next one: timeout × 2^(checks-1), capped. */
    public long backoffMs(int checks) {
        long base = timeout.toMillis();
        int shift = Math.min(Math.max(checks - 1, 0), 30);
        long backoff = base << shift;
        return backoff < 0 ? maxBackoff.toMillis() : Math.min(backoff, maxBackoff.toMillis());
    }
}
