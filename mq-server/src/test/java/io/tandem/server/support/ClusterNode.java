package io.tandem.server.support;

import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationMode;
import io.tandem.store.io.IoEngineKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A cluster member in its own JVM for process tests, started without Spring (child JVMs on a loaded machine start in
 * a second instead of several): a stand-alone name server or a broker-only broker, closed cleanly by SIGTERM through a
 * shutdown hook, not at all by SIGKILL.
 *
 * <pre>
 * name-server PORT EXPIRY_MS SCAN_MS
 * broker NAME PORT DATA_DIRECTORY NAME_SERVERS REGISTRATION_INTERVAL_MS
 * replicated-broker NAME PORT DATA_DIRECTORY NAME_SERVERS REGISTRATION_INTERVAL_MS BROKER_ID REPLICATION MIN_IN_SYNC
 * </pre>
 *
 * A replicated broker with broker id 0 leads its group, replicating synchronously, and listens for replicas on port
 * REPLICATION; one with a broker id above 0 copies from the leader at REPLICATION ({@code host:port}).
 */
public final class ClusterNode {

    private ClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        AutoCloseable running = switch (args[0]) {
            case "name-server" -> NameServer.start(NameServerConfig.builder().port(Integer.parseInt(args[1]))
                    .brokerExpiry(Duration.ofMillis(Long.parseLong(args[2])))
                    .expiryScanInterval(Duration.ofMillis(Long.parseLong(args[3]))).build());
            case "broker" -> Broker.start(BrokerConfig.builder(Path.of(args[3])).brokerName(args[1])
                    .brokerPort(Integer.parseInt(args[2]))
                    .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20)
                            .ioEngine(IoEngineKind.PAGECACHE))
                    .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(args[4])
                            .registrationInterval(Duration.ofMillis(Long.parseLong(args[5]))).build())
                    .build());
            case "replicated-broker" -> {
                long brokerId = Long.parseLong(args[6]);
                ReplicationConfig.Builder replication = ReplicationConfig.builder().mode(ReplicationMode.SYNC)
                        .minInSync(Integer.parseInt(args[8])).heartbeatInterval(Duration.ofMillis(200))
                        .peerTimeout(Duration.ofSeconds(3)).metadataInterval(Duration.ofMillis(500))
                        .reconnectDelay(Duration.ofMillis(200));
                yield Broker.start(BrokerConfig.builder(Path.of(args[3])).brokerName(args[1])
                        .brokerPort(Integer.parseInt(args[2]))
                        .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20)
                                .ioEngine(IoEngineKind.PAGECACHE))
                        .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(args[4])
                                .registrationInterval(Duration.ofMillis(Long.parseLong(args[5]))).build())
                        .replication((brokerId == 0 ? replication.leader(Integer.parseInt(args[7]))
                                : replication.replica(brokerId, args[7])).build())
                        .build());
            }
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
        };
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }));
        System.out.println("READY");
        closed.await();
    }
}
