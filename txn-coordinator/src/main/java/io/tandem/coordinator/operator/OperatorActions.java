package io.tandem.coordinator.operator;

import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.broker.BrokerAdminException;
import io.tandem.coordinator.decision.DecisionSync;
import io.tandem.coordinator.decision.Resolver;
import io.tandem.coordinator.record.ActionKind;
import io.tandem.coordinator.record.ActionOutcome;
import io.tandem.coordinator.record.ActionRecord;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;

import java.time.Clock;
import java.util.Objects;

/**
 * What an operator can do about an undecided half: force a decision (source OPERATOR) or resume a parked half's
 * checks. Every action is written to the record with who asked, when and why, before it is sent to the broker.
 *
 * <p>Thread-safe. Failure modes: {@link IllegalArgumentException} for a missing operator or reason,
 * {@link Outcome} values for everything the operator should be told (unknown half, already decided, broker
 * unreachable).
 */
public final class OperatorActions {

    /** How an operator action ended. */
    public enum Outcome {
        /** Done: the half is decided as asked, or resumed. */
        DONE,
        /** No such half in the record. */
        NOT_FOUND,
        /** The half already has a decision (it may differ from the one asked for). */
        ALREADY_DECIDED,
        /** Resume of a half that is not parked. */
        NOT_PARKED,
        /** The broker could not be asked; nothing changed. */
        BROKER_FAILED
    }

    private final BrokerAdminClient admin;
    private final TransactionRecord record;
    private final Resolver resolver;
    private final DecisionSync decisions;
    private final String instanceId;
    private final Clock clock;

    public OperatorActions(BrokerAdminClient admin, TransactionRecord record, Resolver resolver,
                           DecisionSync decisions, String instanceId, Clock clock) {
        this.admin = admin;
        this.record = record;
        this.resolver = resolver;
        this.decisions = decisions;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /**
     * Forces a decision on a pending or parked half.
     *
     * @param operator who asks; required
     * @param reason   why; required
     */
    public Outcome force(long halfId, Decision decision, String operator, String reason) {
        requireText(operator, "operator");
        requireText(reason, "reason");
        Objects.requireNonNull(decision, "decision");
        HalfRecord half = record.half(halfId).orElse(null);
        if (half == null) {
            return Outcome.NOT_FOUND;
        }
        if (half.state().isFinal()) {
            return Outcome.ALREADY_DECIDED;
        }
        return switch (resolver.resolve(half, decision, DecisionSource.OPERATOR, operator.strip(), reason.strip())) {
            case DECIDED -> Outcome.DONE;
            case ALREADY_DECIDED -> Outcome.ALREADY_DECIDED;
            case FAILED -> Outcome.BROKER_FAILED;
        };
    }

    /**
     * Resumes checking a parked half: its check count starts again from zero and it is due at once.
     *
     * @param operator who asks; required
     * @param reason   why, or null
     */
    public Outcome resume(long halfId, String operator, String reason) {
        requireText(operator, "operator");
        HalfRecord half = record.half(halfId).orElse(null);
        if (half == null) {
            return Outcome.NOT_FOUND;
        }
        if (half.state().isFinal()) {
            return Outcome.ALREADY_DECIDED;
        }
        if (half.state() != HalfState.PARKED) {
            return Outcome.NOT_PARKED;
        }
        ActionRecord action = record.addAction(new ActionRecord(null, half.id(), ActionKind.RESUME, null, null,
                operator.strip(), reason == null || reason.isBlank() ? null : reason.strip(), clock.millis(), instanceId,
                ActionOutcome.REQUESTED, null));
        try {
            admin.park(half.broker(), half.halfOffset(), false);
        } catch (BrokerAdminException e) {
            record.completeAction(action.id(), ActionOutcome.FAILED, e.getMessage());
            return Outcome.BROKER_FAILED;
        }
        record.completeAction(action.id(), ActionOutcome.DONE, null);
        if (record.resume(half.id(), clock.millis())) {
            return Outcome.DONE;
        }
        decisions.sync(half.broker());
        return Outcome.ALREADY_DECIDED;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
