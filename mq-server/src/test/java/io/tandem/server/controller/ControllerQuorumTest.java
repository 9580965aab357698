package io.tandem.server.controller;

import io.tandem.server.support.MutableClock;
import io.tandem.testing.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Three controller peers on loopback in one JVM: replication of group state, lease-driven election, a lost peer. */
class ControllerQuorumTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<String, String> peers = new LinkedHashMap<>();
    private final Map<String, Controller> running = new LinkedHashMap<>();

    @AfterEach
    void closeAll() throws IOException {
        for (Controller controller : running.values()) {
            controller.close();
        }
    }

    private void startQuorum() throws IOException {
        for (String id : List.of("n1", "n2", "n3")) {
            peers.put(id, "127.0.0.1:" + Ports.unused());
        }
        for (String id : peers.keySet()) {
            start(id);
        }
    }

    private Controller start(String id) throws IOException {
        Controller controller = Controller.start(new ControllerConfig(id, peers, directory.resolve(id), LEASE,
                Duration.ofMillis(500), clock));
        running.put(id, controller);
        return controller;
    }

    private Controller awaitLeader() {
        return await().atMost(WAIT).until(() -> running.values().stream().filter(Controller::isLeader).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private Controller awaitReadyLeader() {
        return await().atMost(WAIT).until(() -> running.values().stream().filter(Controller::leadsQuorum)
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    private static Outcome submit(Controller via, ControllerCommand command) throws Exception {
        return via.submit(command).get(30, TimeUnit.SECONDS);
    }

    private void awaitEveryPeerHas(GroupState expected) {
        for (Controller controller : running.values()) {
            await().atMost(WAIT).until(() -> controller.group(expected.brokerName()),
                    group -> group.isPresent() && group.get().equals(expected));
        }
    }

    private void heartbeatEverywhere(long member, long epoch, long maxOffset) {
        running.values().forEach(controller -> controller.heartbeat("broker-a", member, epoch, maxOffset));
    }

    private List<Outcome> checkLeasesEverywhere() throws Exception {
        List<CompletableFuture<Outcome>> elections = new ArrayList<>();
        running.values().forEach(controller -> elections.addAll(controller.checkLeases()));
        List<Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<Outcome> election : elections) {
            outcomes.add(election.get(30, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    @Test
    void shouldReplicateMembersLeaderEpochAndInSyncSetToEveryPeer() throws Exception {
        startQuorum();
        Controller any = running.get("n2");

        assertThat(submit(any, ControllerCommand.join("broker-a", 1, "127.0.0.1:1001")).group().leader())
                .isEqualTo(1L);
        submit(any, ControllerCommand.join("broker-a", 2, "127.0.0.1:1002"));
        submit(running.get("n3"), ControllerCommand.join("broker-a", 3, "127.0.0.1:1003"));
        Outcome inSync = submit(any, ControllerCommand.alterInSync("broker-a", 1, 1, Set.of(1L, 2L, 3L)));

        assertThat(inSync.accepted()).isTrue();
        awaitEveryPeerHas(new GroupState("broker-a", Map.of(1L, "127.0.0.1:1001", 2L, "127.0.0.1:1002",
                3L, "127.0.0.1:1003"), 1L, 1, Set.of(1L, 2L, 3L)));
    }

    @Test
    void shouldElectTheFurthestInSyncMemberOnlyOnceTheLeadersLeaseLapsed() throws Exception {
        startQuorum();
        Controller leader = awaitReadyLeader();
        assertThat(checkLeasesEverywhere()).as("a new quorum leader elects nobody for one lease").isEmpty();
        submit(leader, ControllerCommand.join("broker-a", 1, "127.0.0.1:1001"));
        submit(leader, ControllerCommand.join("broker-a", 2, "127.0.0.1:1002"));
        submit(leader, ControllerCommand.join("broker-a", 3, "127.0.0.1:1003"));
        submit(leader, ControllerCommand.join("broker-a", 4, "127.0.0.1:1004"));
        submit(leader, ControllerCommand.alterInSync("broker-a", 1, 1, Set.of(1L, 2L, 3L)));
        assertThat(leader.heartbeat("broker-a", 1, 1, 500)).as("the leader's report renews its lease").isTrue();
        heartbeatEverywhere(1, 1, 500);
        heartbeatEverywhere(2, 1, 480);
        heartbeatEverywhere(3, 1, 490);
        heartbeatEverywhere(4, 1, 999); // furthest of all, but not in sync

        clock.advance(LEASE);
        heartbeatEverywhere(2, 1, 480);
        heartbeatEverywhere(3, 1, 490);
        assertThat(checkLeasesEverywhere()).as("the lease has not lapsed yet").isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(checkLeasesEverywhere()).as("reports from before the lapse do not count").isEmpty();
        heartbeatEverywhere(2, 1, 480);
        heartbeatEverywhere(3, 1, 490);
        heartbeatEverywhere(4, 1, 999);
        assertThat(leader.heartbeat("broker-a", 1, 1, 500)).as("a lapsed lease that can be handed on is not renewed")
                .isFalse();
        clock.advance(Duration.ofMillis(1));
        List<Outcome> elections = checkLeasesEverywhere();

        assertThat(elections).as("only the quorum's leader elects").singleElement()
                .satisfies(outcome -> assertThat(outcome.accepted()).isTrue());
        awaitEveryPeerHas(new GroupState("broker-a", Map.of(1L, "127.0.0.1:1001", 2L, "127.0.0.1:1002",
                3L, "127.0.0.1:1003", 4L, "127.0.0.1:1004"), 3L, 2, Set.of(2L, 3L)));
        Outcome fenced = submit(leader, ControllerCommand.alterInSync("broker-a", 1, 1, Set.of(1L, 2L)));
        assertThat(fenced.accepted()).as("the deposed leader can change nothing").isFalse();
        assertThat(leader.heartbeat("broker-a", 1, 1, 500)).as("nor lead again").isFalse();
        assertThat(leader.heartbeat("broker-a", 3, 2, 490)).isTrue();
    }

    @Test
    void shouldWaitForEveryInSyncMembersReportAfterTheLapseSinceAStaleOneMayMissAcknowledgedMessages()
            throws Exception {
        startQuorum();
        Controller leader = awaitReadyLeader();
        checkLeasesEverywhere();
        submit(leader, ControllerCommand.join("broker-a", 1, "127.0.0.1:1001"));
        submit(leader, ControllerCommand.join("broker-a", 2, "127.0.0.1:1002"));
        submit(leader, ControllerCommand.join("broker-a", 3, "127.0.0.1:1003"));
        submit(leader, ControllerCommand.alterInSync("broker-a", 1, 1, Set.of(1L, 2L, 3L)));
        clock.advance(LEASE.plusMillis(1));
        heartbeatEverywhere(1, 1, 700);
        heartbeatEverywhere(2, 1, 500);
        heartbeatEverywhere(3, 1, 450); // then the leader acknowledges up to 700 with member 3's copy, and dies

        clock.advance(LEASE.plusMillis(1));
        heartbeatEverywhere(2, 1, 500);
        assertThat(checkLeasesEverywhere()).as("member 3 has not reported since the lapse").isEmpty();
        // However long member 3 stays silent: it may be the only replica with what was acknowledged last.
        clock.advance(LEASE.multipliedBy(3));
        heartbeatEverywhere(2, 1, 500);
        assertThat(checkLeasesEverywhere()).as("member 3 is still silent").isEmpty();
        AtomicInteger rechecks = new AtomicInteger();
        leader.onAwaitedReport(rechecks::incrementAndGet);
        heartbeatEverywhere(3, 1, 700);
        assertThat(rechecks).as("the awaited report asks for a check at once, not at the next periodic one")
                .hasPositiveValue();

        assertThat(checkLeasesEverywhere()).singleElement()
                .satisfies(outcome -> assertThat(outcome.group().leader()).isEqualTo(3L));
    }

    @Test
    void shouldKeepDecidingWithOnePeerLostAndCatchItUpWhenItReturns() throws Exception {
        startQuorum();
        Controller lost = awaitLeader();
        submit(lost, ControllerCommand.join("broker-a", 1, "127.0.0.1:1001"));
        submit(lost, ControllerCommand.join("broker-a", 2, "127.0.0.1:1002"));
        submit(lost, ControllerCommand.alterInSync("broker-a", 1, 1, Set.of(1L, 2L)));

        // The members reported to the quorum's leader alone, which is then lost.
        lost.heartbeat("broker-a", 1, 1, 100);
        lost.heartbeat("broker-a", 2, 1, 100);
        String lostId = lost.peerId();
        running.remove(lostId).close();
        // Ready: it has applied the log, so its first lease check starts its grace (a leader not yet ready skips it).
        Controller successor = awaitReadyLeader();
        assertThat(successor.peerId()).isNotEqualTo(lostId);
        assertThat(successor.group("broker-a").orElseThrow().inSync()).containsExactly(1L, 2L);

        clock.advance(LEASE.plusMillis(1));
        heartbeatEverywhere(2, 1, 100);
        assertThat(checkLeasesEverywhere()).as("a new quorum leader gives a group leader it never heard from one"
                + " lease of grace").isEmpty();
        clock.advance(LEASE.plusMillis(1));
        heartbeatEverywhere(2, 1, 100);
        assertThat(checkLeasesEverywhere()).singleElement().satisfies(outcome ->
                assertThat(outcome.group().leader()).isEqualTo(2L));

        Controller returned = start(lostId);
        GroupState expected = new GroupState("broker-a", Map.of(1L, "127.0.0.1:1001", 2L, "127.0.0.1:1002"), 2L, 2,
                Set.of(2L));
        await().atMost(WAIT).until(() -> returned.group("broker-a"), group -> group.equals(Optional.of(expected)));
    }

}
