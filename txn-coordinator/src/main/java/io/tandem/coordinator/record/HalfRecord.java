package io.tandem.coordinator.record;

import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import org.springframework.data.annotation.Id;

/**
 * One half message as the coordinator knows it (table {@code half_record}): where it is, whom to ask, how far its
 * checks went, who holds its lease and how it ended. Times ending in {@code AtMs} are epoch milliseconds; those of
 * the broker ({@code storedAtMs}, {@code checkAfterMs}, {@code decidedAtMs}) are by the broker's clock, the others
 * by the coordinator's.
 *
 * @param id              row id
 * @param broker          the broker's "host:port"
 * @param halfOffset      the half's offset in the broker's half queue (its id there)
 * @param commitLogOffset commit-log position of the half record; null when only its decision was ever seen
 * @param producerGroup   the group checked back with
 * @param transactionId   the message's UNIQ_KEY
 * @param topic           topic it goes to on commit; null when only its decision was seen and the broker no longer
 *                        had the half
 * @param queueId         queue it goes to on commit, or null
 * @param messageKeys     the message's KEYS, or null
 * @param storedAtMs      when the broker stored it, or null
 * @param checkAfterMs    when it may first be checked, or null
 * @param state           where it stands
 * @param checks          checks counted towards max-checks
 * @param lastAnswer      outcome of the last check attempt, or null
 * @param nextCheckAtMs   when it is due next (PENDING only)
 * @param leaseOwner      instance holding its lease, or null
 * @param leaseUntilMs    end of that lease, or null
 * @param leaseToken      incremented on every claim; a holder's writes name the token they were claimed with
 * @param discoveredAtMs  when the coordinator first saw it
 * @param decision        its decision, once final
 * @param decisionSource  who decided, once final
 * @param decidedAtMs     when the broker stored the decision (or the coordinator saw it stored), once final
 */
public record HalfRecord(@Id Long id, String broker, long halfOffset, Long commitLogOffset, String producerGroup,
                         String transactionId, String topic, Integer queueId, String messageKeys, Long storedAtMs,
                         Long checkAfterMs, HalfState state, int checks, CheckAnswer lastAnswer, long nextCheckAtMs,
                         String leaseOwner, Long leaseUntilMs, long leaseToken, long discoveredAtMs,
                         Decision decision, DecisionSource decisionSource, Long decidedAtMs) {

    public HalfRecord withId(Long newId) {
        return new HalfRecord(newId, broker, halfOffset, commitLogOffset, producerGroup, transactionId, topic, queueId,
                messageKeys, storedAtMs, checkAfterMs, state, checks, lastAnswer, nextCheckAtMs, leaseOwner,
                leaseUntilMs, leaseToken, discoveredAtMs, decision, decisionSource, decidedAtMs);
    }
}
