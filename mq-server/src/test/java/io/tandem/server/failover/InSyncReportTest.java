package io.tandem.server.failover;

import io.tandem.server.replication.ReplicaStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-sync set a leader reports: it never leaves the controller without a member holding what was acknowledged. */
class InSyncReportTest {

    private static ReplicaStatus replica(long id, long acked, boolean inSync) {
        return new ReplicaStatus(id, "r" + id, acked, 0, inSync);
    }

    @Test
    void replicaThatCaughtUpJoinsAtOnce() {
        assertThat(InSyncReport.next(1, Set.of(1L, 2L), List.of(replica(2, 500, true), replica(3, 490, true)), 450,
                2)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void replicaThatFellBehindLeavesOnceOthersHoldEverythingAcknowledged() {
        assertThat(InSyncReport.next(1, Set.of(1L, 2L, 3L), List.of(replica(2, 500, true), replica(3, 100, false)),
                500, 2)).containsExactly(1L, 2L);
    }

    @Test
    void setDoesNotShrinkBelowMinInSyncWhileTheRemainingReplicasLackAcknowledgedMessages() {
        // Member 3 held the last acknowledged messages and disconnected; member 2 is in sync by lag but behind them.
        assertThat(InSyncReport.next(1, Set.of(1L, 2L, 3L), List.of(replica(2, 400, true)), 500, 2))
                .containsExactly(1L, 2L, 3L);
        // Every replica behind: the leader refuses sends, and the set keeps the members that may hold the last ones.
        assertThat(InSyncReport.next(1, Set.of(1L, 2L), List.of(replica(2, 400, false), replica(3, 300, false)), 500,
                2)).containsExactly(1L, 2L);
    }

    @Test
    void asynchronousGroupReportsWhoIsInSyncNow() {
        assertThat(InSyncReport.next(1, Set.of(1L, 2L, 3L), List.of(replica(2, 400, true)), 500, 1))
                .containsExactly(1L, 2L);
    }
}
