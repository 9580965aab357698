package io.tandem.coordinator.record;

import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import org.springframework.data.annotation.Id;

/**
 * An audit entry: something the coordinator asked a broker to do about a half, written before the request and
 * completed with its outcome (table {@code action_record}).
 *
 * @param id            row id
 * @param halfId        the half's row id
 * @param kind          resolve, park or resume
 * @param decision      for RESOLVE, the decision asked for
 * @param source        for RESOLVE, the source it was sent with
 * @param actor         who asked: an operator's name, or the coordinator instance
 * @param reason        why
 * @param requestedAtMs when (coordinator clock)
 * @param instanceId    the coordinator instance that sent the request
 * @param outcome       how it ended
 * @param detail        the broker's remark or the failure, or null
 */
public record ActionRecord(@Id Long id, long halfId, ActionKind kind, Decision decision, DecisionSource source,
                           String actor, String reason, long requestedAtMs, String instanceId, ActionOutcome outcome,
                           String detail) {

    public ActionRecord withId(Long newId) {
        return new ActionRecord(newId, halfId, kind, decision, source, actor, reason, requestedAtMs, instanceId, outcome,
                detail);
    }
}
