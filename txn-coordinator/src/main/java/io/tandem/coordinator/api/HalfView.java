package io.tandem.coordinator.api;

import io.tandem.coordinator.record.HalfRecord;

/**
 * A half as the HTTP API shows it.
 *
 * @param id             its id in the record (used in the API's paths)
 * @param broker         the broker's "host:port"
 * @param halfOffset     its offset on that broker
 * @param producerGroup  its producer group
 * @param topic          its topic
 * @param transactionId  its UNIQ_KEY
 * @param keys           its KEYS, or null
 * @param state          PENDING, PARKED, COMMITTED or ROLLED_BACK
 * @param ageMs          time since the broker stored it (to its decision, once decided)
 * @param checks         checks counted so far
 * @param lastAnswer     outcome of its last check attempt, or null
 * @param nextCheckAtMs  when it is due next (PENDING only), or null
 * @param decision       COMMIT or ROLLBACK once decided, else null
 * @param decisionSource who decided, once decided
 */
public record HalfView(long id, String broker, long halfOffset, String producerGroup, String topic,
                       String transactionId, String keys, String state, long ageMs, int checks, String lastAnswer,
                       Long nextCheckAtMs, String decision, String decisionSource) {

    static HalfView of(HalfRecord half, long nowMs) {
        long since = half.storedAtMs() != null ? half.storedAtMs() : half.discoveredAtMs();
        long until = half.state().isFinal() && half.decidedAtMs() != null ? half.decidedAtMs() : nowMs;
        return new HalfView(half.id(), half.broker(), half.halfOffset(), half.producerGroup(), half.topic(),
                half.transactionId(), half.messageKeys(), half.state().name(), Math.max(0, until - since),
                half.checks(), half.lastAnswer() == null ? null : half.lastAnswer().name(),
                half.state().isFinal() ? null : half.nextCheckAtMs() == Long.MAX_VALUE ? null : half.nextCheckAtMs(),
                half.decision() == null ? null : half.decision().name(),
                half.decisionSource() == null ? null : half.decisionSource().name());
    }
}
