package io.tandem.console.coordinator;

/**
 * A half as the coordinator's API lists it ({@code GET /tandem/coordinator/halves}).
 *
 * @param id             its id in the coordinator's record
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
 * @param nextCheckAtMs  when it is due next, or null
 * @param decision       COMMIT or ROLLBACK once decided, else null
 * @param decisionSource who decided, once decided
 */
public record HalfSummary(long id, String broker, long halfOffset, String producerGroup, String topic,
                          String transactionId, String keys, String state, long ageMs, int checks, String lastAnswer,
                          Long nextCheckAtMs, String decision, String decisionSource) {

    /** Whether the half is still waiting for a decision. */
    public boolean undecided() {
        return "PENDING".equals(state) || "PARKED".equals(state);
    }

    public boolean parked() {
        return "PARKED".equals(state);
    }
}
