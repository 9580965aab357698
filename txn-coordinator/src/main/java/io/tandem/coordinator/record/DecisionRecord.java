package io.tandem.coordinator.record;

import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import org.springframework.data.annotation.Id;

/**
 * A decision the broker recorded (table {@code decision_record}, at most one per half), copied from
 * TANDEM_HALF_DECISIONS whoever made it, with who asked for it when the coordinator did.
 *
 * @param id           row id
 * @param halfId       the half's row id
 * @param broker       the broker's "host:port"
 * @param halfOffset   the half's offset on that broker
 * @param opOffset     the broker's offset of its decision record
 * @param decision     commit or rollback
 * @param source       who decided, as the broker recorded it
 * @param decidedAtMs  when the broker stored it (broker clock)
 * @param actor        who: the operator's name, the coordinator instance (policy), the HTTP endpoint asked, or the
 *                     producer group for decisions the producer sent to the broker itself
 * @param reason       why, for operator and policy decisions, or null
 * @param recordedBy   the coordinator instance that copied it
 * @param recordedAtMs when it was copied (coordinator clock)
 */
public record DecisionRecord(@Id Long id, long halfId, String broker, long halfOffset, long opOffset,
                             Decision decision, DecisionSource source, long decidedAtMs, String actor, String reason,
                             String recordedBy, long recordedAtMs) {

    public DecisionRecord withId(Long newId) {
        return new DecisionRecord(newId, halfId, broker, halfOffset, opOffset, decision, source, decidedAtMs, actor,
                reason, recordedBy, recordedAtMs);
    }
}
