package io.tandem.server.replication;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The EPOCHS exchange on a leader's replication listener, as a returning member asks before it copies. */
class EpochExchangeTest {

    @TempDir
    Path directory;

    private Broker leader(Path data, int epoch, EpochHistory history) throws IOException {
        return Broker.start(BrokerConfig.builder(data).randomPorts().brokerName("broker-a")
                .replication(ReplicationConfig.builder().leader(0).epoch(epoch).build()).build(),
                new SimpleMeterRegistry(), ReplicationFence.NONE, history);
    }

    @Test
    void leaderAnswersItsEpochHistoryAndLogEnd() throws IOException {
        Path data = Files.createDirectories(directory.resolve("leader"));
        EpochHistory history = EpochHistory.open(data);
        history.append(1, 0);
        history.append(3, 0);
        try (Broker leader = leader(data, 3, history)) {
            LeaderEpochs answer = LeaderEpochs.ask("127.0.0.1:" + leader.replication().port(), 3, 1,
                    Duration.ofSeconds(10));

            assertThat(answer.entries()).containsExactly(new EpochHistory.Entry(1, 0), new EpochHistory.Entry(3, 0));
            assertThat(answer.logEnd()).isEqualTo(leader.replication().logEnd());
            assertThat(answer.endOffsetOf(1)).isZero();
        }
    }

    @Test
    void leaderWithoutAHistorySaysSo() throws IOException {
        try (Broker leader = leader(directory.resolve("static"), 0, null)) {
            assertThatThrownBy(() -> LeaderEpochs.ask("127.0.0.1:" + leader.replication().port(), 0, -1,
                    Duration.ofSeconds(10))).isInstanceOf(IOException.class)
                    .hasMessageContaining("keeps no epoch history");
        }
    }
}
