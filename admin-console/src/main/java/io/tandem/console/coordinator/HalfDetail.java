package io.tandem.console.coordinator;

import java.util.List;

/**
 * A half's whole record as the coordinator's API gives it ({@code GET /tandem/coordinator/halves/{id}}).
 *
 * @param half     the half
 * @param attempts check attempts, oldest first
 * @param actions  resolve, park and resume requests (the audit trail), oldest first
 * @param decision the broker's decision, or null while undecided
 */
public record HalfDetail(HalfSummary half, List<Attempt> attempts, List<Action> actions, Decision decision) {

    public HalfDetail {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /**
     * When the broker stored the half: its decision time (or now, while undecided) minus its age.
     *
     * @param nowMs the current time, for an undecided half
     */
    public long storedAtMs(long nowMs) {
        return (decision != null ? decision.decidedAtMs() : nowMs) - half.ageMs();
    }

    /**
     * One check attempt.
     *
     * @param checkNumber   the check (1-based)
     * @param channel       BROKER or HTTP
     * @param target        the broker or URL asked
     * @param answer        COMMIT, ROLLBACK, UNKNOWN, AWAITING, NO_ANSWER, NO_PRODUCER, NO_ENDPOINT, FAILED, REJECTED
     * @param error         what went wrong, or null
     * @param attemptedAtMs when
     * @param latencyMs     how long the answer took, or null
     * @param instanceId    the coordinator instance
     */
    public record Attempt(int checkNumber, String channel, String target, String answer, String error,
                          long attemptedAtMs, Long latencyMs, String instanceId) {
    }

    /**
     * One action the coordinator asked a broker for.
     *
     * @param kind          RESOLVE, PARK or RESUME
     * @param decision      for RESOLVE, COMMIT or ROLLBACK
     * @param source        for RESOLVE, the decision's source
     * @param actor         who asked
     * @param reason        why
     * @param requestedAtMs when
     * @param instanceId    the coordinator instance
     * @param outcome       REQUESTED, DECIDED, ALREADY_DECIDED, DONE or FAILED
     * @param detail        the broker's remark, or null
     */
    public record Action(String kind, String decision, String source, String actor, String reason, long requestedAtMs,
                         String instanceId, String outcome, String detail) {
    }

    /**
     * The decision the broker recorded.
     *
     * @param decision    COMMIT or ROLLBACK
     * @param source      PRODUCER, CHECK, POLICY or OPERATOR
     * @param decidedAtMs when the broker stored it
     * @param actor       who
     * @param reason      why, or null
     */
    public record Decision(String decision, String source, long decidedAtMs, String actor, String reason) {
    }
}
