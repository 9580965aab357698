package io.tandem.protocol.body;

import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.txn.CheckOutcome;

import java.util.List;

/**
 * Body of a TANDEM_LIST_HALVES answer ({@link io.tandem.protocol.txn.ListHalvesRequestHeader}): undecided half
 * messages of one broker in half-queue order, and where the next page starts.
 *
 * @param halves     the page
 * @param nextOffset half offset to ask from for the next page
 */
public record HalfMessageList(List<Half> halves, long nextOffset) {

    /**
     * One undecided half.
     *
     * @param halfOffset     offset in the half queue (the broker's id of the transaction)
     * @param commitLogOffset commit-log position of the half record
     * @param producerGroup  group to check back with
     * @param transactionId  the message's UNIQ_KEY
     * @param topic          topic it goes to on commit
     * @param queueId        queue it goes to on commit
     * @param keys           the message's KEYS, or null
     * @param storedAtMs     when the broker stored it (broker clock)
     * @param checkAfterMs   when it may first be checked (broker clock: stored time plus its timeout)
     * @param checks         check-backs sent so far by the broker's own duty
     * @param lastAnswer     the last check outcome or producer answer
     * @param parked         whether it is parked (no longer checked)
     * @param deciding       whether a decision is being stored right now
     */
    public record Half(long halfOffset, long commitLogOffset, String producerGroup, String transactionId,
                       String topic, int queueId, String keys, long storedAtMs, long checkAfterMs, int checks,
                       CheckOutcome lastAnswer, boolean parked, boolean deciding) {
    }

    public HalfMessageList {
        halves = halves == null ? List.of() : List.copyOf(halves);
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws io.tandem.protocol.ProtocolException if it is not such a body or holds a check outcome no constant has;
     *                                              the message names the field
     */
    public static HalfMessageList fromJson(byte[] json) {
        return RemotingJson.decode(json, HalfMessageList.class);
    }
}
