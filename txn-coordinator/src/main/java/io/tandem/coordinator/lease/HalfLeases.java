package io.tandem.coordinator.lease;

import io.tandem.coordinator.record.CheckAnswer;
import io.tandem.coordinator.record.HalfRecord;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Row leases on halves, the way several coordinator instances share the work through the database: an instance
 * claims due PENDING halves whose lease is free or ran out ({@code SELECT ... FOR UPDATE SKIP LOCKED}, then a
 * lease owner, a lease end and a new fencing token), checks them, and completes or releases each under the token
 * it claimed with. An instance that dies simply stops writing; its halves are claimable again once their lease
 * ran out, so another instance takes over within one lease period, and a half is never leased to two instances at
 * once.
 *
 * <p>Lease ends are compared with the claiming instance's clock: instances sharing a database need clocks that
 * agree to well within a lease period. On H2 (one instance, the embedded default) {@code SKIP LOCKED} is accepted
 * but serializes claims; PostgreSQL skips rows other claimers hold. Thread-safe.
 */
public final class HalfLeases {

    private final JdbcAggregateOperations aggregates;
    private final NamedParameterJdbcOperations jdbc;
    private final TransactionOperations transactions;

    public HalfLeases(JdbcAggregateOperations aggregates, NamedParameterJdbcOperations jdbc,
                      TransactionOperations transactions) {
        this.aggregates = aggregates;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Claims up to {@code max} PENDING halves of the given brokers that are due at {@code nowMs} and not leased,
     * most overdue first.
     *
     * @return the leases, possibly none
     */
    public List<Lease> claim(Collection<String> brokers, String owner, long nowMs, long leaseMs, int max) {
        if (brokers.isEmpty() || max < 1) {
            return List.of();
        }
        long untilMs = nowMs + leaseMs;
        List<Long> ids = transactions.execute(status -> {
            List<Long> due = jdbc.queryForList("SELECT id FROM half_record WHERE state = 'PENDING'"
                    + " AND broker IN (:brokers) AND next_check_at_ms <= :now"
                    + " AND (lease_until_ms IS NULL OR lease_until_ms <= :now)"
                    + " ORDER BY next_check_at_ms, id FETCH FIRST " + max + " ROWS ONLY FOR UPDATE SKIP LOCKED",
                    Map.of("brokers", brokers, "now", nowMs), Long.class);
            if (!due.isEmpty()) {
                jdbc.update("UPDATE half_record SET lease_owner = :owner, lease_until_ms = :until,"
                                + " lease_token = lease_token + 1 WHERE id IN (:ids)",
                        Map.of("owner", owner, "until", untilMs, "ids", due));
            }
            return due;
        });
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<Lease> leases = new ArrayList<>(ids.size());
        for (HalfRecord half : aggregates.findAllById(ids, HalfRecord.class)) {
            if (owner.equals(half.leaseOwner())) {
                leases.add(new Lease(half, owner, half.leaseToken(), untilMs));
            }
        }
        leases.sort(Comparator.comparingLong((Lease lease) -> lease.half().nextCheckAtMs())
                .thenComparing(lease -> lease.half().id()));
        return leases;
    }

    /**
     * Ends the lease with the check's progress: the counted checks, the last answer and when the half is due next.
     *
     * @return false if the lease was lost (another instance claimed the half since); nothing changed then
     */
    public boolean complete(Lease lease, int checks, CheckAnswer lastAnswer, long nextCheckAtMs) {
        MapSqlParameterSource parameters = fence(lease)
                .addValue("checks", checks)
                .addValue("answer", lastAnswer == null ? null : lastAnswer.name())
                .addValue("next", nextCheckAtMs);
        return jdbc.update("UPDATE half_record SET checks = :checks, last_answer = :answer,"
                + " next_check_at_ms = :next, lease_owner = NULL, lease_until_ms = NULL"
                + " WHERE id = :id AND lease_owner = :owner AND lease_token = :token", parameters) == 1;
    }

    /**
     * Ends the lease without progress: the half stays due as it was.
     *
     * @return false if the lease was lost
     */
    public boolean release(Lease lease) {
        return jdbc.update("UPDATE half_record SET lease_owner = NULL, lease_until_ms = NULL"
                + " WHERE id = :id AND lease_owner = :owner AND lease_token = :token", fence(lease)) == 1;
    }

    /**
     * Ends every lease {@code owner} still holds, leaving their halves due as they were: for an instance that stops
     * in good order, so that another one takes its halves over at once instead of when the leases run out. A check
     * of {@code owner} still running writes nothing afterwards: its lease token no longer matches once another
     * instance claims the half.
     *
     * @return how many leases were ended
     */
    public int releaseAll(String owner) {
        return jdbc.update("UPDATE half_record SET lease_owner = NULL, lease_until_ms = NULL"
                + " WHERE lease_owner = :owner", new MapSqlParameterSource("owner", owner));
    }

    /**
     * Parks the half (PENDING to PARKED) and ends the lease.
     *
     * @return false if the lease was lost or the half is no longer PENDING
     */
    public boolean park(Lease lease, CheckAnswer lastAnswer) {
        MapSqlParameterSource parameters = fence(lease)
                .addValue("answer", lastAnswer == null ? null : lastAnswer.name());
        return jdbc.update("UPDATE half_record SET state = 'PARKED', last_answer = :answer, lease_owner = NULL,"
                + " lease_until_ms = NULL WHERE id = :id AND state = 'PENDING' AND lease_owner = :owner"
                + " AND lease_token = :token", parameters) == 1;
    }

    private static MapSqlParameterSource fence(Lease lease) {
        return new MapSqlParameterSource("id", lease.half().id())
                .addValue("owner", lease.owner())
                .addValue("token", lease.token());
    }
}
