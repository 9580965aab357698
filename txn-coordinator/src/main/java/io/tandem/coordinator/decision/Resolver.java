package io.tandem.coordinator.decision;

import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.broker.BrokerAdminException;
import io.tandem.coordinator.record.ActionKind;
import io.tandem.coordinator.record.ActionOutcome;
import io.tandem.coordinator.record.ActionRecord;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.protocol.txn.ResolveOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Decides a half on its broker on behalf of a check answer, the end-of-checks policy or an operator. The request
 * is written to the record first (an {@code ActionRecord} with who and why), then sent (the broker keeps the first
 * decision of a half and stores it before answering), then its outcome is written and the broker's decisions are
 * copied, so the record's decision carries the actor and reason.
 *
 * <p>Thread-safe. Failure modes: a broker failure is returned as {@link Result#FAILED} (and written to the action);
 * the half stays undecided and is checked or resolved again later. Database failures propagate.
 */
public final class Resolver {

    /** How a resolution ended. */
    public enum Result {
        /** The broker stored this decision. */
        DECIDED,
        /** The half already had a decision (possibly a different one). */
        ALREADY_DECIDED,
        /** The broker could not be asked or refused; nothing was decided by this call. */
        FAILED
    }

    private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);

    private final BrokerAdminClient admin;
    private final TransactionRecord record;
    private final DecisionSync decisions;
    private final String instanceId;
    private final Clock clock;

    public Resolver(BrokerAdminClient admin, TransactionRecord record, DecisionSync decisions, String instanceId,
                    Clock clock) {
        this.admin = admin;
        this.record = record;
        this.decisions = decisions;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /**
     * Resolves the half.
     *
     * @param actor  who asks (an operator, this instance, the endpoint that answered)
     * @param reason why, or null
     */
    public Result resolve(HalfRecord half, Decision decision, DecisionSource source, String actor, String reason) {
        if (half.commitLogOffset() == null) {
            return Result.ALREADY_DECIDED;
        }
        ActionRecord action = record.addAction(new ActionRecord(null, half.id(), ActionKind.RESOLVE, decision, source,
                actor, reason, clock.millis(), instanceId, ActionOutcome.REQUESTED, null));
        ResolveOutcome outcome;
        try {
            outcome = admin.resolve(half.broker(), half.halfOffset(), half.commitLogOffset(), decision, source);
        } catch (BrokerAdminException e) {
            record.completeAction(action.id(), ActionOutcome.FAILED, e.getMessage());
            LOG.warn("could not {} half {} on {}: {}", decision, half.halfOffset(), half.broker(), e.getMessage());
            return Result.FAILED;
        }
        record.completeAction(action.id(), outcome == ResolveOutcome.DECIDED
                ? ActionOutcome.DECIDED : ActionOutcome.ALREADY_DECIDED, null);
        if (outcome == ResolveOutcome.DECIDED) {
            record.markDecided(half.id(), decision, source, clock.millis());
        }
        try {
            decisions.sync(half.broker());
        } catch (RuntimeException e) {
            LOG.debug("decisions of {} not copied right after resolving half {}; the next round will: {}",
                    half.broker(), half.halfOffset(), e.getMessage());
        }
        return outcome == ResolveOutcome.DECIDED ? Result.DECIDED : Result.ALREADY_DECIDED;
    }
}
