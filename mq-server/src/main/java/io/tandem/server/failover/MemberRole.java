package io.tandem.server.failover;

import io.tandem.protocol.controller.ControllerGroupResponseHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What one member of a controlled broker group knows of its group's leadership, from the controller's answers, and
 * whether it may acknowledge sends now. Decides nothing on its own: the answer with the highest epoch wins (an answer
 * at an older epoch than one already seen is ignored, it comes from a controller peer that lags), and a leader keeps
 * its right to acknowledge only while answers renew its lease.
 *
 * <p>Fencing. A leader at epoch E acknowledges only while (a) E is the highest epoch this member knows and names it
 * leader, and (b) an answer renewing its lease came back for a heartbeat sent less than {@code lease - margin} ago,
 * by this member's clock. The controller measures the same lease from when it received that heartbeat, which is
 * later, so the member stops acknowledging at least {@code margin} before the controller may elect another leader.
 * The lease is the shorter of this member's setting and the one the controller states in its answers: a member
 * configured with a longer lease than the controller's would otherwise acknowledge after another was elected.
 *
 * <p>Thread-safe: heartbeats answer from network threads, the send path asks from any thread.
 */
public final class MemberRole {

    private static final Logger LOG = LoggerFactory.getLogger(MemberRole.class);

    private final String brokerName;
    private final long memberId;
    private final long configuredLeaseMs;
    private long leaseMs;
    private long marginMs;
    private final Clock clock;
    private Assignment assignment;
    private long knownEpoch;
    private long renewedAtMs = Long.MIN_VALUE;

    /**
     * @param lease the controller's lease; a third of it is the margin a leader keeps before it lapses
     */
    public MemberRole(String brokerName, long memberId, Duration lease, Clock clock) {
        if (memberId < 1) {
            throw new IllegalArgumentException("member id must be 1 or more, was " + memberId);
        }
        if (lease == null || !lease.isPositive()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
        this.brokerName = brokerName;
        this.memberId = memberId;
        this.configuredLeaseMs = lease.toMillis();
        this.leaseMs = lease.toMillis();
        this.marginMs = lease.toMillis() / 3;
        this.clock = clock;
    }

    public long memberId() {
        return memberId;
    }

    /**
     * Takes in a controller's answer to something sent at {@code sentAtMs} (by this member's clock).
     *
     * @return whether the leadership changed (another leader, epoch or address), so that the member's role may have to
     *         change
     */
    public synchronized boolean answered(ControllerGroupResponseHeader answer, long sentAtMs) {
        return answered(answer, sentAtMs, false);
    }

    /**
     * Like {@link #answered(ControllerGroupResponseHeader, long)}; {@code committed} says the answer reflects a
     * change the quorum has just applied (an accepted in-sync change). The in-sync set of this member's own group
     * while it leads is taken only from such answers and from those of the peer leading the quorum (the ones that
     * renew its lease): another peer may not have applied the latest change yet.
     */
    public synchronized boolean answered(ControllerGroupResponseHeader answer, long sentAtMs, boolean committed) {
        Long stated = answer.leaseMillis();
        if (stated != null && stated < leaseMs) {
            LOG.error("member {} of {} is configured with a lease of {} ms (tandem.broker.replication.lease) but the"
                    + " controller's is {} ms (tandem.controller.lease): it fences itself by the controller's; set"
                    + " both to the same value", memberId, brokerName, configuredLeaseMs, stated);
            leaseMs = stated;
            marginMs = stated / 3;
        }
        if (answer.leaderId() == null || answer.epoch() < knownEpoch) {
            return false;
        }
        boolean lagging = !committed && !answer.leaseRenewed() && answer.leaderId() == memberId
                && assignment != null && assignment.leaderId() == memberId && assignment.epoch() == answer.epoch();
        Assignment next = new Assignment(answer.leaderId(), answer.leaderBrokerAddress(),
                answer.leaderReplicationAddress(), answer.epoch(), lagging ? assignment.inSync() : answer.inSync());
        boolean changed = !next.sameLeadership(assignment);
        if (answer.epoch() > knownEpoch) {
            knownEpoch = answer.epoch();
            renewedAtMs = Long.MIN_VALUE;
        }
        assignment = next;
        if (answer.leaseRenewed() && answer.leaderId() == memberId) {
            renewedAtMs = Math.max(renewedAtMs, sentAtMs);
        }
        return changed;
    }

    /** The leadership last answered, empty before the controller named a leader. */
    public synchronized Optional<Assignment> assignment() {
        return Optional.ofNullable(assignment);
    }

    /** The highest leader epoch this member has heard of (0 before any); sent with every heartbeat. */
    public synchronized long knownEpoch() {
        return knownEpoch;
    }

    /**
     * For this member leading at {@code epoch}: why it must not take or acknowledge sends now, or null.
     */
    public synchronized String leaderFenced(long epoch) {
        if (epoch < knownEpoch || assignment == null || assignment.leaderId() != memberId) {
            return "member " + memberId + " of " + brokerName + " no longer leads it (it led at epoch " + epoch
                    + ")" + followHint();
        }
        long sinceRenewal = renewedAtMs == Long.MIN_VALUE ? Long.MAX_VALUE : clock.millis() - renewedAtMs;
        if (sinceRenewal >= leaseMs - marginMs) {
            return "member " + memberId + " leads " + brokerName + " at epoch " + epoch + " but the controller has"
                    + (renewedAtMs == Long.MIN_VALUE ? " not yet renewed its lease"
                    : " not renewed its lease for " + sinceRenewal + " ms")
                    + "; it acknowledges nothing until it does";
        }
        return null;
    }

    /** For this member following a leader: why it takes no sends, naming the leader clients should use. */
    public synchronized String followerRefusal() {
        return "member " + memberId + " of " + brokerName + " is a replica and takes no sends" + followHint();
    }

    private String followHint() {
        if (assignment == null || assignment.leaderId() == memberId) {
            return "";
        }
        return "; its leader is member " + assignment.leaderId() + " at " + assignment.leaderBrokerAddress()
                + " (epoch " + assignment.epoch() + ")";
    }
}
