package io.tandem.client.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.server.Broker;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationMode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A stand-alone name server and one replicated broker group of two members sharing one broker name: a leader that
 * acknowledges a send once its replica has it too ({@code replication=sync}, min-in-sync 2) and that replica. {@link
 * #failOver()} does by hand what the controller does on a leader's loss: it stops the leader and restarts the replica
 * as the group's leader (broker id 0, alone, so asynchronous), at another address. Not thread-safe; one test at a
 * time.
 */
final class FailingOverGroup implements AutoCloseable {

    static final String BROKER_NAME = "group-a";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path directory;
    private final NameServer nameServer;
    private Broker leader;
    private Broker replica;

    private FailingOverGroup(Path directory) throws IOException {
        this.directory = directory;
        this.nameServer = NameServer.start(NameServerConfig.builder().randomPort().build());
    }

    /** Starts the name server, the leader and its replica, and waits until both members are in sync. */
    static FailingOverGroup start(Path directory) throws IOException {
        FailingOverGroup group = new FailingOverGroup(directory);
        try {
            group.leader = Broker.start(group.broker("leader", replication().leader(0)
                    .mode(ReplicationMode.SYNC).minInSync(2).build()));
            group.replica = Broker.start(group.broker("replica", replication()
                    .replica(1, "127.0.0.1:" + group.leader.replication().port()).build()));
            await().atMost(WAIT).until(() -> group.leader.replication().inSyncCount() == 2);
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
        return group;
    }

    private static ReplicationConfig.Builder replication() {
        return ReplicationConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .peerTimeout(Duration.ofSeconds(3)).metadataInterval(Duration.ofMillis(200))
                .reconnectDelay(Duration.ofMillis(200));
    }

    private BrokerConfig broker(String member, ReplicationConfig replication) {
        return BrokerConfig.builder(directory.resolve(member)).randomPorts()
                .brokerName(BROKER_NAME)
                .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20))
                .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(nameServer.address())
                        .registrationInterval(Duration.ofMillis(500)).build())
                .replication(replication)
                .build();
    }

    /** A client configuration with the default intervals: the route refresh timer runs every 30 s. */
    ClientConfig clientConfig() {
        return ClientConfig.builder(nameServer.address()).build();
    }

    String nameServerAddress() {
        return nameServer.address();
    }

    String leaderAddress() {
        return leader.brokerAddress();
    }

    /**
     * Stops the leader, then restarts the replica from its data directory as the group's leader.
     *
     * @return when the leader was stopped and when its successor had started, by {@link System#nanoTime()}
     */
    FailoverTimes failOver() throws IOException {
        long stopped;
        Broker old = leader;
        leader = null;
        old.close();
        stopped = System.nanoTime();
        replica.close();
        Broker promoted = Broker.start(broker("replica", ReplicationConfig.builder().leader(-1)
                .mode(ReplicationMode.ASYNC).minInSync(1).build()));
        replica = null;
        leader = promoted;
        return new FailoverTimes(stopped, System.nanoTime());
    }

    @Override
    public void close() {
        for (AutoCloseable running : new AutoCloseable[] {replica, leader, nameServer}) {
            if (running != null) {
                try {
                    running.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not stop " + running, e);
                }
            }
        }
    }

    /** Moments of one failover, by {@link System#nanoTime()}. */
    record FailoverTimes(long leaderStopped, long successorStarted) {
    }
}
