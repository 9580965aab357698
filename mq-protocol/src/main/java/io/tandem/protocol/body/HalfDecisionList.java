package io.tandem.protocol.body;

import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;

import java.util.List;

/**
 * Body of a TANDEM_HALF_DECISIONS answer ({@link io.tandem.protocol.txn.HalfDecisionsRequestHeader}): the decisions
 * a broker recorded, in the order it recorded them.
 *
 * @param decisions    the page
 * @param nextOpOffset op offset to ask from for the next page
 */
public record HalfDecisionList(List<Entry> decisions, long nextOpOffset) {

    /**
     * One recorded decision, with what the half it decided says about the message: a reader that never saw the half
     * undecided (its producer decided at once) learns it here. Those half fields are null when the broker no longer
     * stores the half (retention deleted it), and when the broker predates them.
     *
     * @param opOffset      offset of the decision record
     * @param halfOffset    the half it decided
     * @param decision      commit or rollback
     * @param source        who decided
     * @param transactionId the message's UNIQ_KEY
     * @param producerGroup the half's producer group
     * @param decidedAtMs   when the broker stored the decision (broker clock)
     * @param topic         the topic the half goes to on commit, or null
     * @param queueId       the queue it goes to on commit, or null
     * @param keys          the message's KEYS, or null
     * @param storedAtMs    when the broker stored the half (broker clock), or null
     */
    public record Entry(long opOffset, long halfOffset, Decision decision, DecisionSource source,
                        String transactionId, String producerGroup, long decidedAtMs, String topic, Integer queueId,
                        String keys, Long storedAtMs) {
    }

    public HalfDecisionList {
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws io.tandem.protocol.ProtocolException if it is not such a body or holds a decision or source no constant
     *                                              has; the message names the field
     */
    public static HalfDecisionList fromJson(byte[] json) {
        return RemotingJson.decode(json, HalfDecisionList.class);
    }
}
