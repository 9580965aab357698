package io.tandem.server.support;

import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.controller.ControllerConfig;
import io.tandem.server.failover.ControlledBroker;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationMode;
import io.tandem.store.io.IoEngineKind;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * controller-name-server PORT PEER_ID PEERS STORAGE_DIRECTORY LEASE_MS
 * controlled-broker NAME PORT DATA_DIRECTORY NAME_SERVERS MEMBER_ID REPLICATION_PORT MIN_IN_SYNC LEASE_MS
 * </pre>
 *
 * A replicated broker with broker id 0 leads its group, replicating synchronously, and listens for replicas on port
 * REPLICATION; one with a broker id above 0 copies from the leader at REPLICATION ({@code host:port}). A controller
 * name server runs peer PEER_ID of the controller quorum PEERS ({@code id@host:port,...}); a controlled broker is a
 * member of a group whose leader that quorum chooses, replicating synchronously.
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
            case "controller-name-server" -> {
                Map<String, String> peers = new LinkedHashMap<>();
                for (String peer : args[3].split(",")) {
                    peers.put(peer.substring(0, peer.indexOf('@')), peer.substring(peer.indexOf('@') + 1));
                }
                yield NameServer.start(NameServerConfig.builder().port(Integer.parseInt(args[1]))
                        .brokerExpiry(Duration.ofSeconds(30)).expiryScanInterval(Duration.ofSeconds(1))
                        .controller(new ControllerConfig(args[2], peers, Path.of(args[4]),
                                Duration.ofMillis(Long.parseLong(args[5])), Duration.ofSeconds(1),
                                Clock.systemUTC()))
                        .build());
            }
            case "controlled-broker" -> {
                ReplicationConfig replication = ReplicationConfig.builder().mode(ReplicationMode.SYNC)
                        .minInSync(Integer.parseInt(args[7])).heartbeatInterval(Duration.ofMillis(200))
                        .peerTimeout(Duration.ofSeconds(3)).metadataInterval(Duration.ofMillis(500))
                        .reconnectDelay(Duration.ofMillis(200))
                        .member(Long.parseLong(args[5]), Integer.parseInt(args[6])).build();
                yield ControlledBroker.start(BrokerConfig.builder(Path.of(args[3])).brokerName(args[1])
                        .brokerPort(Integer.parseInt(args[2]))
                        .store(store -> store.segmentSize(64L << 20).tailCacheSize(16L << 20)
                                .ioEngine(IoEngineKind.PAGECACHE))
                        .cluster(ClusterConfig.builder().embeddedNameServer(false).nameServers(args[4])
                                .registrationInterval(Duration.ofSeconds(1)).build())
                        .replication(replication)
                        .build(), new SimpleMeterRegistry(), Duration.ofMillis(Long.parseLong(args[8])));
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
