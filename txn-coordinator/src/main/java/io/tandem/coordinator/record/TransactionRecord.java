package io.tandem.coordinator.record;

import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable transaction record: every half the coordinator saw, every check attempt, every decision the brokers
 * recorded and every action the coordinator took, stored with Spring Data JDBC (inserts and reads through
 * {@link JdbcAggregateOperations}, conditional updates as plain SQL).
 *
 * <p>Concurrency: several coordinator instances write the same tables. Writes that must not interleave per broker
 * (new halves from listing, decisions from the decision log) lock that broker's {@code broker_cursor} row first, so
 * they are serialized across instances and never insert a half or a decision twice. Lease-related writes are in
 * {@code io.tandem.coordinator.lease.HalfLeases}. State changes are conditional ({@code WHERE state IN ...}), so a
 * final state is never overwritten. Thread-safe.
 *
 * <p>Failure modes: database errors surface as Spring's {@code DataAccessException}s; a method that runs in a
 * transaction leaves nothing behind when it throws.
 */
public final class TransactionRecord {

    private static final List<String> UNDECIDED = List.of(HalfState.PENDING.name(), HalfState.PARKED.name());

    private final JdbcAggregateOperations aggregates;
    private final NamedParameterJdbcOperations jdbc;
    private final TransactionOperations transactions;
    private final Clock clock;

    public TransactionRecord(JdbcAggregateOperations aggregates, NamedParameterJdbcOperations jdbc,
                             TransactionOperations transactions, Clock clock) {
        this.aggregates = aggregates;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The broker's cursor, created at offset 0 when the broker is new. Must not run inside a transaction. */
    public BrokerCursor cursor(String broker) {
        Optional<BrokerCursor> existing = readCursor(broker, false);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            jdbc.update("INSERT INTO broker_cursor (broker, next_half_offset, next_op_offset) VALUES (:broker, 0, 0)",
                    Map.of("broker", broker));
        } catch (DuplicateKeyException raced) {
            // another instance created it first
        }
        return readCursor(broker, false).orElseThrow();
    }

    /**
     * Adds halves listed as undecided by a broker, skipping those already in the record, and moves the broker's
     * half cursor to {@code nextHalfOffset} (never backwards).
     *
     * @param fresh halves to add, with state PENDING or PARKED and no id
     * @return how many were added
     */
    public int discover(String broker, List<HalfRecord> fresh, long nextHalfOffset) {
        return transactions.execute(status -> {
            readCursor(broker, true).orElseThrow(() -> new IllegalStateException("no cursor for broker " + broker));
            int added = 0;
            for (HalfRecord half : fresh) {
                if (halfId(broker, half.halfOffset()).isPresent()) {
                    continue;
                }
                aggregates.insert(half);
                added++;
            }
            jdbc.update("UPDATE broker_cursor SET next_half_offset = :next WHERE broker = :broker"
                            + " AND next_half_offset < :next",
                    Map.of("broker", broker, "next", nextHalfOffset));
            return added;
        });
    }

    /**
     * Copies a page of the broker's decisions into the record: each decision not copied yet becomes a
     * {@link DecisionRecord} (with the actor and reason of the coordinator's matching action, if any), its half
     * becomes final (created from the decision, with the topic, queue, keys and store time the broker reports, when
     * the record never saw it undecided), and broker-channel attempts that were awaiting an answer get one, as does
     * the half's last answer. Moves the broker's op cursor to {@code nextOpOffset} (never backwards).
     */
    public AppliedDecisions applyDecisions(String broker, List<ObservedDecision> decisions, long nextOpOffset,
                                           String instanceId) {
        return transactions.execute(status -> {
            BrokerCursor cursor = readCursor(broker, true).orElseThrow(() ->
                    new IllegalStateException("no cursor for broker " + broker));
            long nowMs = clock.millis();
            List<DecisionRecord> recorded = new ArrayList<>();
            List<AnsweredAttempt> answered = new ArrayList<>();
            for (ObservedDecision observed : decisions) {
                if (observed.opOffset() < cursor.nextOpOffset()) {
                    continue;
                }
                long halfId = halfId(broker, observed.halfOffset())
                        .orElseGet(() -> aggregates.insert(decidedOnly(broker, observed, nowMs)).id());
                if (decision(halfId).isPresent()) {
                    continue;
                }
                Requester requester = matchingAction(halfId, observed);
                String actor = requester == null ? observed.producerGroup() : requester.actor();
                String reason = requester == null ? null : requester.reason();
                recorded.add(aggregates.insert(new DecisionRecord(null, halfId, broker, observed.halfOffset(),
                        observed.opOffset(), observed.decision(), observed.source(), observed.decidedAtMs(), actor,
                        reason, instanceId, nowMs)));
                markDecided(halfId, observed.decision(), observed.source(), observed.decidedAtMs());
                answered.addAll(settleAwaiting(halfId, observed.decision(), observed.source(),
                        observed.decidedAtMs()));
            }
            jdbc.update("UPDATE broker_cursor SET next_op_offset = :next WHERE broker = :broker"
                            + " AND next_op_offset < :next",
                    Map.of("broker", broker, "next", nextOpOffset));
            return new AppliedDecisions(recorded, answered);
        });
    }

    /** Stores one check attempt. */
    public CheckAttempt addAttempt(CheckAttempt attempt) {
        return aggregates.insert(attempt);
    }

    /**
     * Gives the half's broker-channel attempts that still await an answer the given one, and the half's last answer
     * too while it is AWAITING.
     *
     * @return how many attempts changed
     */
    public int settleAwaiting(long halfId, CheckAnswer answer, Long latencyMs) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("halfId", halfId)
                .addValue("answer", answer.name())
                .addValue("latency", latencyMs);
        int settled = jdbc.update("UPDATE check_attempt SET answer = :answer, latency_ms = :latency"
                + " WHERE half_id = :halfId AND answer = 'AWAITING'", parameters);
        settleLastAnswer(halfId, answer);
        return settled;
    }

    /**
     * Settles, from the half's recorded decision, the broker-channel attempts still awaiting an answer and the half's
     * last answer, as copying the decision does: for a check whose attempt was stored, or whose last answer was
     * written, after its decision had been copied. Nothing changes while the half has no decision.
     *
     * @return the attempts that got an answer
     */
    public List<AnsweredAttempt> settleDecided(long halfId) {
        return transactions.execute(status -> decision(halfId)
                .map(decision -> settleAwaiting(halfId, decision.decision(), decision.source(),
                        decision.decidedAtMs()))
                .orElse(List.of()));
    }

    /**
     * Makes an undecided half final. A half that is already final keeps its decision.
     *
     * @return whether the half changed
     */
    public boolean markDecided(long halfId, Decision decision, DecisionSource source, long decidedAtMs) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("id", halfId)
                .addValue("state", HalfState.of(decision).name())
                .addValue("decision", decision.name())
                .addValue("source", source.name())
                .addValue("decidedAt", decidedAtMs)
                .addValue("undecided", UNDECIDED);
        return jdbc.update("UPDATE half_record SET state = :state, decision = :decision, decision_source = :source,"
                + " decided_at_ms = :decidedAt WHERE id = :id AND state IN (:undecided)", parameters) == 1;
    }

    /**
     * Makes a parked half pending again with its check count reset, due now.
     *
     * @return whether it was parked
     */
    public boolean resume(long halfId, long nowMs) {
        return jdbc.update("UPDATE half_record SET state = 'PENDING', checks = 0, next_check_at_ms = :now"
                + " WHERE id = :id AND state = 'PARKED'", Map.of("id", halfId, "now", nowMs)) == 1;
    }

    /** Stores an action before it is sent. */
    public ActionRecord addAction(ActionRecord action) {
        return aggregates.insert(action);
    }

    /** Completes an action with its outcome. */
    public void completeAction(long actionId, ActionOutcome outcome, String detail) {
        MapSqlParameterSource parameters = new MapSqlParameterSource("id", actionId)
                .addValue("outcome", outcome.name())
                .addValue("detail", truncate(detail));
        jdbc.update("UPDATE action_record SET outcome = :outcome, detail = :detail WHERE id = :id", parameters);
    }

    public Optional<HalfRecord> half(long id) {
        return Optional.ofNullable(aggregates.findById(id, HalfRecord.class));
    }

    public Optional<HalfRecord> half(String broker, long halfOffset) {
        return aggregates.findOne(Query.query(Criteria.where("broker").is(broker)
                .and("halfOffset").is(halfOffset)), HalfRecord.class);
    }

    /** Halves matching the query, oldest (lowest id) first. */
    public List<HalfRecord> halves(HalfQuery query) {
        Criteria criteria = Criteria.where("state").in(query.states().stream().map(Enum::name).toList());
        if (query.producerGroup() != null) {
            criteria = criteria.and("producerGroup").is(query.producerGroup());
        }
        if (query.topic() != null) {
            criteria = criteria.and("topic").is(query.topic());
        }
        if (query.transactionId() != null) {
            criteria = criteria.and("transactionId").is(query.transactionId());
        }
        return aggregates.findAll(Query.query(criteria).sort(Sort.by("id")).limit(query.limit()), HalfRecord.class);
    }

    /** Halves of one producer group, in any state, oldest first. */
    public List<HalfRecord> halvesOfGroup(String producerGroup) {
        return aggregates.findAll(Query.query(Criteria.where("producerGroup").is(producerGroup)).sort(Sort.by("id")),
                HalfRecord.class);
    }

    public List<CheckAttempt> attempts(long halfId) {
        return aggregates.findAll(Query.query(Criteria.where("halfId").is(halfId)).sort(Sort.by("id")),
                CheckAttempt.class);
    }

    public Optional<DecisionRecord> decision(long halfId) {
        return aggregates.findOne(Query.query(Criteria.where("halfId").is(halfId)), DecisionRecord.class);
    }

    public List<ActionRecord> actions(long halfId) {
        return aggregates.findAll(Query.query(Criteria.where("halfId").is(halfId)).sort(Sort.by("id")),
                ActionRecord.class);
    }

    /** Every decision copied from one broker, in the broker's order. */
    public List<DecisionRecord> decisions(String broker) {
        return aggregates.findAll(Query.query(Criteria.where("broker").is(broker)).sort(Sort.by("opOffset")),
                DecisionRecord.class);
    }

    public RecordStatistics statistics() {
        // queryForList's rows are case-insensitive maps: H2 returns upper-case labels, PostgreSQL lower-case ones.
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT state, COUNT(*) AS halves,"
                + " MIN(COALESCE(stored_at_ms, discovered_at_ms)) AS oldest FROM half_record"
                + " WHERE state IN (:undecided) GROUP BY state", Map.of("undecided", UNDECIDED));
        long pending = 0;
        long parked = 0;
        Long oldest = null;
        for (Map<String, Object> row : rows) {
            long count = ((Number) row.get("halves")).longValue();
            if (HalfState.PARKED.name().equals(row.get("state"))) {
                parked = count;
            } else {
                pending = count;
            }
            Number rowOldest = (Number) row.get("oldest");
            if (rowOldest != null && (oldest == null || rowOldest.longValue() < oldest)) {
                oldest = rowOldest.longValue();
            }
        }
        return new RecordStatistics(pending, parked, oldest);
    }

    private Optional<BrokerCursor> readCursor(String broker, boolean lock) {
        List<BrokerCursor> rows = jdbc.query("SELECT broker, next_half_offset, next_op_offset FROM broker_cursor"
                        + " WHERE broker = :broker" + (lock ? " FOR UPDATE" : ""), Map.of("broker", broker),
                (resultSet, row) -> new BrokerCursor(resultSet.getString(1), resultSet.getLong(2),
                        resultSet.getLong(3)));
        return rows.stream().findFirst();
    }

    private Optional<Long> halfId(String broker, long halfOffset) {
        return jdbc.queryForList("SELECT id FROM half_record WHERE broker = :broker AND half_offset = :offset",
                Map.of("broker", broker, "offset", halfOffset), Long.class).stream().findFirst();
    }

    private Requester matchingAction(long halfId, ObservedDecision observed) {
        List<Requester> rows = jdbc.query("SELECT actor, reason FROM action_record"
                        + " WHERE half_id = :halfId AND kind = 'RESOLVE' AND decision = :decision AND source = :source"
                        + " AND outcome IN ('REQUESTED', 'DECIDED') ORDER BY id DESC",
                Map.of("halfId", halfId, "decision", observed.decision().name(), "source", observed.source().name()),
                (resultSet, row) -> new Requester(resultSet.getString(1), resultSet.getString(2)));
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /** Who asked for a decision, from the coordinator's action. */
    private record Requester(String actor, String reason) {
    }

    /**
     * Answers the half's awaiting broker-channel attempts from its decision: a decision made by a check is the answer
     * to it (COMMIT or ROLLBACK, with the time to the decision as latency); one from elsewhere means no answer came.
     * The half's last answer follows while it is AWAITING.
     */
    private List<AnsweredAttempt> settleAwaiting(long halfId, Decision decision, DecisionSource source,
                                                 long decidedAtMs) {
        boolean answeredByCheck = source == DecisionSource.CHECK;
        CheckAnswer answer = answeredByCheck
                ? (decision == Decision.COMMIT ? CheckAnswer.COMMIT : CheckAnswer.ROLLBACK)
                : CheckAnswer.NO_ANSWER;
        List<AnsweredAttempt> settled = new ArrayList<>();
        List<CheckAttempt> awaiting = aggregates.findAll(Query.query(Criteria.where("halfId").is(halfId)
                .and("answer").is(CheckAnswer.AWAITING.name())), CheckAttempt.class);
        for (CheckAttempt attempt : awaiting) {
            Long latency = answeredByCheck ? Math.max(0, decidedAtMs - attempt.attemptedAtMs()) : null;
            jdbc.update("UPDATE check_attempt SET answer = :answer, latency_ms = :latency WHERE id = :id",
                    new MapSqlParameterSource("id", attempt.id()).addValue("answer", answer.name())
                            .addValue("latency", latency));
            settled.add(new AnsweredAttempt(answer, latency));
        }
        settleLastAnswer(halfId, answer);
        return settled;
    }

    /** The half's last answer becomes {@code answer} if it is AWAITING: the awaited attempt was its latest. */
    private void settleLastAnswer(long halfId, CheckAnswer answer) {
        jdbc.update("UPDATE half_record SET last_answer = :answer WHERE id = :id AND last_answer = 'AWAITING'",
                new MapSqlParameterSource("id", halfId).addValue("answer", answer.name()));
    }

    private static HalfRecord decidedOnly(String broker, ObservedDecision observed, long nowMs) {
        return new HalfRecord(null, broker, observed.halfOffset(), null, observed.producerGroup(),
                observed.transactionId(), observed.topic(), observed.queueId(), observed.keys(),
                observed.storedAtMs(), null, HalfState.of(observed.decision()), 0, null, Long.MAX_VALUE, null, null,
                0, nowMs, observed.decision(), observed.source(), observed.decidedAtMs());
    }

    static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
