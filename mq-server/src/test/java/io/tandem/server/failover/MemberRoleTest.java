package io.tandem.server.failover;

import io.tandem.protocol.controller.ControllerGroupResponseHeader;
import io.tandem.server.replication.NotReplicatedException;
import io.tandem.server.replication.ReplicationFence;
import io.tandem.server.replication.ReplicationGate;
import io.tandem.server.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The role logic of a controlled member, on an injected clock: which answer wins, when a leader is fenced. */
class MemberRoleTest {

    private static final Duration LEASE = Duration.ofSeconds(3);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MemberRole role = new MemberRole("broker-a", 1, LEASE, clock);

    private static ControllerGroupResponseHeader answer(long leader, long epoch, boolean renewed) {
        return new ControllerGroupResponseHeader(leader, "127.0.0.1:1091" + leader, "127.0.0.1:1092" + leader, epoch,
                Set.of(1L, 2L, 3L), renewed);
    }

    private long now() {
        return clock.millis();
    }

    @Test
    void leaderAcknowledgesOnlyOnceItsLeaseIsRenewedAndStopsAMarginBeforeTheControllerCouldReplaceIt() {
        assertThat(role.answered(answer(1, 4, false), now())).as("leadership changed").isTrue();
        assertThat(role.leaderFenced(4)).contains("not yet renewed its lease");

        long sentAt = now();
        clock.advance(Duration.ofMillis(200)); // the answer comes back later
        role.answered(answer(1, 4, true), sentAt);
        assertThat(role.leaderFenced(4)).isNull();

        clock.advance(Duration.ofMillis(1799)); // 1999 ms after the heartbeat was sent: lease - margin is 2000 ms
        assertThat(role.leaderFenced(4)).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(role.leaderFenced(4)).contains("not renewed its lease for 2000 ms");

        role.answered(answer(1, 4, true), now());
        assertThat(role.leaderFenced(4)).as("renewed again").isNull();
    }

    @Test
    void leaderConfiguredWithALongerLeaseThanTheControllersFencesItselfByTheControllers() {
        MemberRole longer = new MemberRole("broker-a", 1, Duration.ofSeconds(6), clock);
        long sentAt = now();
        longer.answered(new ControllerGroupResponseHeader(1L, "127.0.0.1:10911", "127.0.0.1:10912", 4,
                Set.of(1L, 2L, 3L), true, LEASE.toMillis()), sentAt);
        assertThat(longer.leaderFenced(4)).isNull();

        // The controller may elect another leader 3 s after this heartbeat arrived: stop 1 s before, not 3 s after.
        clock.advance(Duration.ofMillis(1999));
        assertThat(longer.leaderFenced(4)).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(longer.leaderFenced(4)).contains("not renewed its lease for 2000 ms");
    }

    @Test
    void memberThatLearnsOfAHigherEpochAcknowledgesNothingMoreAndNamesTheNewLeader() {
        role.answered(answer(1, 4, true), now());
        assertThat(role.leaderFenced(4)).isNull();

        assertThat(role.answered(answer(2, 5, false), now())).isTrue();

        assertThat(role.leaderFenced(4)).contains("no longer leads", "member 2 at 127.0.0.1:10912", "epoch 5");
        assertThat(role.followerRefusal()).contains("takes no sends", "member 2 at 127.0.0.1:10912");
        assertThat(role.knownEpoch()).isEqualTo(5);
    }

    @Test
    void answerOfALaggingControllerPeerAtAnOlderEpochIsIgnored() {
        role.answered(answer(2, 5, false), now());

        assertThat(role.answered(answer(1, 4, true), now())).isFalse();

        assertThat(role.assignment()).hasValueSatisfying(assignment -> {
            assertThat(assignment.leaderId()).isEqualTo(2);
            assertThat(assignment.epoch()).isEqualTo(5);
        });
        assertThat(role.leaderFenced(4)).contains("no longer leads");
    }

    @Test
    void renewalAtAnEarlierEpochDoesNotCarryOverToTheNextOneItLeads() {
        role.answered(answer(1, 4, true), now());
        role.answered(answer(2, 5, false), now());

        role.answered(answer(1, 6, false), now());

        assertThat(role.leaderFenced(6)).contains("not yet renewed");
        role.answered(answer(1, 6, true), now());
        assertThat(role.leaderFenced(6)).isNull();
        assertThat(role.leaderFenced(4)).as("its old epoch stays fenced").contains("no longer leads");
    }

    @Test
    void leaderTakesItsInSyncSetFromCommittedChangesAndTheQuorumLeaderNotFromALaggingPeer() {
        role.answered(new ControllerGroupResponseHeader(1L, "a", "b", 4, Set.of(1L), true), now());
        role.answered(new ControllerGroupResponseHeader(1L, "a", "b", 4, Set.of(1L, 2L), false), now(), true);

        role.answered(new ControllerGroupResponseHeader(1L, "a", "b", 4, Set.of(1L), false), now());
        assertThat(role.assignment().orElseThrow().inSync()).as("a peer that has not applied the change yet")
                .containsExactlyInAnyOrder(1L, 2L);

        role.answered(new ControllerGroupResponseHeader(1L, "a", "b", 4, Set.of(1L, 2L, 3L), true), now());
        assertThat(role.assignment().orElseThrow().inSync()).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void fencedLeaderNeitherTakesNorAcknowledgesASendAlreadyReplicated() {
        role.answered(answer(1, 4, true), now());
        CompletableFuture<Void> replicas = new CompletableFuture<>();
        ReplicationGate gate = ((ReplicationFence) () -> role.leaderFenced(4)).guard(new ReplicationGate() {
            @Override
            public String refusal() {
                return null;
            }

            @Override
            public CompletableFuture<Void> replicated(long end) {
                return replicas;
            }
        });
        assertThat(gate.refusal()).isNull();
        CompletableFuture<Void> send = gate.replicated(100);

        clock.advance(LEASE);
        replicas.complete(null);

        assertThat(gate.refusal()).contains("not renewed its lease");
        assertThatThrownBy(send::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NotReplicatedException.class)
                .hasMessageContaining("not acknowledged");
    }
}
