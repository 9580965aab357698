package io.tandem.server.replication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a returning member cuts its log, from its own epoch history and its new leader's. */
class LeaderEpochsTest {

    @TempDir
    Path directory;

    private final LeaderEpochs leader = new LeaderEpochs(9_000, List.of(new EpochHistory.Entry(1, 0),
            new EpochHistory.Entry(2, 5_000), new EpochHistory.Entry(4, 7_000)));

    @Test
    void deposedLeaderCutsWhatItWroteAfterTheOthersMovedOn() {
        EpochHistory own = EpochHistory.open(directory);
        own.append(1, 0);
        own.append(2, 5_000);
        own.append(3, 6_000); // it led at epoch 3 from 6000; the leader of epoch 4 started at 7000 without it

        assertThat(leader.divergence(own, 7_400)).as("epoch 3 is not in the leader's history: its records end"
                + " where epoch 4 starts").isEqualTo(7_000);
    }

    @Test
    void replicaThatOnlyFellBehindKeepsItsWholeLog() {
        EpochHistory own = EpochHistory.open(directory);
        own.append(1, 0);
        own.append(2, 5_000);

        assertThat(leader.divergence(own, 6_500)).isEqualTo(6_500);
        assertThat(leader.divergence(own, 5_500)).isEqualTo(5_500);
    }

    @Test
    void replicaOfTheCurrentEpochKeepsUpToTheLeadersEnd() {
        EpochHistory own = EpochHistory.open(directory);
        own.append(4, 7_000);

        assertThat(leader.endOffsetOf(4)).isEqualTo(9_000);
        assertThat(leader.divergence(own, 8_000)).isEqualTo(8_000);
        assertThat(leader.divergence(own, 9_500)).as("more than its leader: the rest was never acknowledged")
                .isEqualTo(9_000);
    }
}
