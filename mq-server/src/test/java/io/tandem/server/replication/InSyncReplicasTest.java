package io.tandem.server.replication;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class InSyncReplicasTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong leaderEnd = new AtomicLong();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private InSyncReplicas replicas(ReplicationMode mode, int minInSync, Duration syncTimeout) {
        return new InSyncReplicas(ReplicationConfig.builder().leader(0).mode(mode).minInSync(minInSync)
                .maxLagBytes(1000).syncTimeout(syncTimeout).build(), leaderEnd::get, timer);
    }

    @Test
    void syncSendWaitsForEnoughInSyncReplicasAndIsRefusedWithoutThem() throws Exception {
        InSyncReplicas replicas = replicas(ReplicationMode.SYNC, 2, Duration.ofSeconds(30));
        assertThat(replicas.refusal()).contains("min-in-sync=2", "1 are");

        replicas.joined(1, "r1", 0);
        replicas.joined(2, "r2", 0);
        assertThat(replicas.inSyncCount()).isEqualTo(3);
        assertThat(replicas.refusal()).isNull();

        leaderEnd.set(500);
        CompletableFuture<Void> send = replicas.replicated(500);
        replicas.acknowledged(1, 400);
        assertThat(send).isNotDone();
        replicas.acknowledged(2, 500);
        assertThat(send).isCompleted();

        // One replica gone: the leader and the other still make two.
        replicas.left(2, "r2");
        leaderEnd.set(900);
        CompletableFuture<Void> next = replicas.replicated(900);
        replicas.acknowledged(1, 900);
        assertThat(next).isCompleted();

        // Both gone: a waiting send fails at once, a new one is refused.
        leaderEnd.set(1200);
        CompletableFuture<Void> stranded = replicas.replicated(1200);
        replicas.left(1, "r1");
        assertThatThrownBy(stranded::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NotReplicatedException.class)
                .hasMessageContaining("stored on the leader but not acknowledged")
                .hasMessageContaining("1 are");
        assertThat(replicas.refusal()).isNotNull();
        assertThat(replicas.status()).isEmpty();
    }

    @Test
    void consumersOfASyncLeaderReadOnlyWhatEnoughMembersHoldAndTheEndNeverMovesBack() {
        leaderEnd.set(300);
        InSyncReplicas replicas = replicas(ReplicationMode.SYNC, 2, Duration.ofSeconds(30));
        List<Long> advances = new ArrayList<>();
        replicas.onReadableAdvance(advances::add);
        // The log this leader took over with is the group's history from now on.
        assertThat(replicas.readableEnd()).isEqualTo(300);

        replicas.joined(1, "r1", 300);
        replicas.joined(2, "r2", 100);
        leaderEnd.set(800);
        assertThat(replicas.readableEnd()).isEqualTo(300);
        replicas.acknowledged(2, 600);
        assertThat(replicas.readableEnd()).isEqualTo(600);
        replicas.acknowledged(1, 800);
        assertThat(replicas.readableEnd()).isEqualTo(800);
        assertThat(advances).containsExactly(600L, 800L);

        // Both replicas gone: nothing new becomes readable, and what was readable stays so.
        replicas.left(1, "r1");
        replicas.left(2, "r2");
        leaderEnd.set(900);
        replicas.reevaluate();
        assertThat(replicas.readableEnd()).isEqualTo(800);
    }

    @Test
    void consumersReadEverythingWhenNoSendWaitsForReplicas() {
        leaderEnd.set(300);
        assertThat(replicas(ReplicationMode.ASYNC, 2, Duration.ofSeconds(30)).readableEnd()).isEqualTo(Long.MAX_VALUE);
        assertThat(replicas(ReplicationMode.SYNC, 1, Duration.ofSeconds(30)).readableEnd()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void replicaTooFarBehindLeavesTheSetAndRejoinsWhenCaughtUp() {
        InSyncReplicas replicas = replicas(ReplicationMode.SYNC, 2, Duration.ofSeconds(30));
        replicas.joined(1, "r1", 0);
        leaderEnd.set(5000);
        replicas.reevaluate();
        assertThat(replicas.status().getFirst().inSync()).isFalse();
        assertThat(replicas.status().getFirst().lagBytes()).isEqualTo(5000);
        assertThat(replicas.refusal()).isNotNull();
        replicas.acknowledged(1, 4500);
        assertThat(replicas.status().getFirst().inSync()).isTrue();
        assertThat(replicas.refusal()).isNull();
    }

    @Test
    void syncSendNotConfirmedInTimeFails() {
        InSyncReplicas replicas = replicas(ReplicationMode.SYNC, 2, Duration.ofMillis(200));
        replicas.joined(1, "r1", 0);
        leaderEnd.set(100);
        CompletableFuture<Void> send = replicas.replicated(100);
        await().atMost(Duration.ofSeconds(5)).until(send::isDone);
        assertThatThrownBy(send::get).hasCauseInstanceOf(NotReplicatedException.class)
                .hasMessageContaining("within 200 ms");
    }

    @Test
    void asyncAndMinInSyncOneNeverWait() {
        InSyncReplicas async = replicas(ReplicationMode.ASYNC, 2, Duration.ofSeconds(30));
        assertThat(async.refusal()).isNull();
        assertThat(async.replicated(10_000)).isCompleted();
        InSyncReplicas alone = replicas(ReplicationMode.SYNC, 1, Duration.ofSeconds(30));
        assertThat(alone.refusal()).isNull();
        assertThat(alone.replicated(10_000)).isCompleted();
    }

    @Test
    void configurationNamesWhatIsWrong() {
        assertThatThrownBy(() -> ReplicationConfig.builder().replica(1, null).build())
                .hasMessageContaining("needs leaderAddress");
        assertThatThrownBy(() -> ReplicationConfig.builder().replica(1, "leader").build())
                .hasMessageContaining("'leader' is not host:port");
        assertThatThrownBy(() -> ReplicationConfig.builder().minInSync(0).build())
                .hasMessageContaining("minInSync must be at least 1");
    }
}
