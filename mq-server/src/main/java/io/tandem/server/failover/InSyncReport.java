package io.tandem.server.failover;

import io.tandem.server.replication.ReplicaStatus;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which in-sync set a leader reports to the controller. The controller elects only from that set, so it must always
 * hold a member with every acknowledged message: a replica that is no longer in sync here stays in the reported set
 * until at least {@code minInSync - 1} in-sync replicas have acknowledged everything acknowledged to clients (then
 * the set never shrinks below min-in-sync while sends are acknowledged); a replica that caught up joins at once. The
 * leader counts only the acknowledgements of members the controller accepted, so a message is never acknowledged on
 * the strength of a member an election would not consider.
 */
final class InSyncReport {

    private InSyncReport() {
    }

    /**
     * @param leaderId         this leader
     * @param accepted         the in-sync set the controller holds now
     * @param replicas         the connected replicas
     * @param acknowledgedEnd  the furthest log end acknowledged to a client as replicated
     * @param minInSync        members (the leader counted) a send needs; 1 when sends wait for no replica
     * @return the set to report (equal to {@code accepted} when nothing is to change)
     */
    static Set<Long> next(long leaderId, Set<Long> accepted, List<ReplicaStatus> replicas, long acknowledgedEnd,
                          int minInSync) {
        Set<Long> report = new TreeSet<>();
        report.add(leaderId);
        long covering = 0;
        for (ReplicaStatus replica : replicas) {
            if (replica.inSync()) {
                report.add(replica.brokerId());
                if (replica.ackedPosition() >= acknowledgedEnd) {
                    covering++;
                }
            }
        }
        if (covering < minInSync - 1) {
            report.addAll(accepted);
        }
        return report;
    }
}
