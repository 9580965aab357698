package io.tandem.server.boot;

import io.tandem.server.config.BrokerConfig;
import io.tandem.server.NameServerConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.controller.ControllerConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process's role ({@code tandem.role}) and the name server's own settings ({@code tandem.name-server.*}); the
 * broker's side of the cluster (which name servers it registers with, how often) is in {@link BrokerProperties}.
 * A name server listens on {@code tandem.broker.bind-address}, {@code tandem.broker.name-server-port} with the TLS of
 * {@code tandem.broker.tls.*} and is advertised as {@code tandem.broker.advertised-host}, whatever the role.
 */
@ConfigurationProperties("tandem")
public class ClusterProperties {

    /** What this process runs: BOTH (broker and its name server), BROKER or NAME_SERVER. */
    private ServerRole role = ServerRole.BOTH;

    private final NameServer nameServer = new NameServer();

    private final Controller controller = new Controller();

    /** The role the environment asks for, read before the properties are bound (bean conditions need it). */
    public static ServerRole role(Environment environment) {
        return Binder.get(environment).bind("tandem.role", ServerRole.class).orElse(ServerRole.BOTH);
    }

    /**
     * The broker configuration for this role: {@code broker}'s settings with the embedded name server on or off and
     * the name server's expiry settings.
     *
     * @throws IllegalArgumentException naming the properties when the role and the name-server list do not fit
     */
    public BrokerConfig toBrokerConfig(BrokerConfig broker) {
        if (!role.runsBroker()) {
            throw new IllegalStateException("tandem.role=" + role + " runs no broker (a stand-alone name server is"
                    + " mq-server's application, tandem-mq-server.jar, with that role)");
        }
        if (role == ServerRole.BROKER && broker.cluster().nameServers().isEmpty()) {
            throw new IllegalArgumentException("tandem.role=broker needs tandem.broker.name-servers: the name"
                    + " servers (host:port;host:port) this broker registers with");
        }
        ClusterConfig cluster = broker.cluster().toBuilder()
                .embeddedNameServer(role == ServerRole.BOTH)
                .brokerExpiry(nameServer.brokerExpiry)
                .expiryScanInterval(nameServer.expiryScanInterval)
                .build();
        return broker.toBuilder().cluster(cluster).build();
    }

    /** The stand-alone name server's configuration, listening where {@code broker}'s name server would. */
    public NameServerConfig toNameServerConfig(BrokerConfig broker) {
        return NameServerConfig.builder()
                .bindAddress(broker.bindAddress())
                .advertisedHost(broker.advertisedHost())
                .port(broker.nameServerPort())
                .brokerExpiry(nameServer.brokerExpiry)
                .expiryScanInterval(nameServer.expiryScanInterval)
                .channelExpiry(broker.channelExpiry())
                .clock(broker.clock())
                .auth(broker.auth())
                .tls(broker.tls())
                .controller(controller.toControllerConfig(broker))
                .build();
    }

    public ServerRole getRole() {
        return role;
    }

    public void setRole(ServerRole role) {
        this.role = role;
    }

    public NameServer getNameServer() {
        return nameServer;
    }

    public Controller getController() {
        return controller;
    }

    /**
     * The controller quorum peer a stand-alone name server runs ({@code tandem.controller.*}): it keeps every
     * replicated broker group's members, leader, epoch and in-sync set, and elects a new leader when one stops
     * renewing its lease.
     */
    public static class Controller {

        /** Whether this name server runs a peer of the controller quorum. */
        private boolean enabled;

        /** This peer's id, one of the ids in {@code peers}. */
        private String id;

        /** Every peer of the quorum as {@code id@host:port}, this one included; three tolerate the loss of one. */
        private List<String> peers = new ArrayList<>();

        /** Where this peer keeps its Ratis log and snapshots; unset: {@code controller} in the data directory. */
        private Path storageDir;

        /** A broker group's leader that has not renewed its lease for this long is replaced. */
        private Duration lease = Duration.ofSeconds(3);

        /** How soon the quorum replaces a lost controller peer that led it (Ratis's minimum election timeout). */
        private Duration electionTimeout = Duration.ofSeconds(1);

        /** Mutual TLS between the peers ({@code tandem.controller.tls}). */
        private final PeerTls tls = new PeerTls();

        public PeerTls getTls() {
            return tls;
        }

        /**
         * The peer's configuration, or null when it is not enabled.
         *
         * @throws IllegalArgumentException naming the property that is missing or malformed
         */
        ControllerConfig toControllerConfig(BrokerConfig broker) {
            if (!enabled) {
                return null;
            }
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("tandem.controller.enabled=true needs tandem.controller.id, this"
                        + " peer's id among tandem.controller.peers");
            }
            Map<String, String> quorum = new LinkedHashMap<>();
            for (String peer : peers == null ? List.<String>of() : peers) {
                int at = peer.indexOf('@');
                int colon = peer.lastIndexOf(':');
                if (at <= 0 || colon <= at + 1 || !peer.substring(colon + 1).strip().matches("\\d{1,5}")) {
                    throw new IllegalArgumentException("tandem.controller.peers entry '" + peer + "' is not"
                            + " id@host:port");
                }
                if (quorum.put(peer.substring(0, at).strip(), peer.substring(at + 1).strip()) != null) {
                    throw new IllegalArgumentException("tandem.controller.peers names peer '"
                            + peer.substring(0, at).strip() + "' twice");
                }
            }
            if (!quorum.containsKey(id)) {
                throw new IllegalArgumentException("tandem.controller.id '" + id + "' is not among"
                        + " tandem.controller.peers " + quorum.keySet());
            }
            if (lease == null || !lease.isPositive() || electionTimeout == null || !electionTimeout.isPositive()) {
                throw new IllegalArgumentException("tandem.controller.lease (" + lease + ") and"
                        + " tandem.controller.election-timeout (" + electionTimeout + ") must be positive");
            }
            Path storage = storageDir != null ? storageDir : broker.dataDirectory().resolve("controller");
            if (tls.enabled && (broker.tls().certificateChain() == null || broker.tls().privateKey() == null
                    || broker.tls().trustedCertificates() == null)) {
                throw new IllegalArgumentException("tandem.controller.tls.enabled=true needs"
                        + " tandem.broker.tls.certificate-chain, private-key and trusted-certificates: every peer"
                        + " presents its certificate and requires the others'");
            }
            if (tls.enabled && broker.tls().keyPassword() != null) {
                throw new IllegalArgumentException("tandem.controller.tls.enabled=true needs an unencrypted private"
                        + " key (tandem.broker.tls.key-password unset): Ratis reads the key file as it is");
            }
            return new ControllerConfig(id, quorum, storage, lease, electionTimeout, broker.clock(), tls.enabled);
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public List<String> getPeers() {
            return peers;
        }

        public void setPeers(List<String> peers) {
            this.peers = peers;
        }

        public Path getStorageDir() {
            return storageDir;
        }

        public void setStorageDir(Path storageDir) {
            this.storageDir = storageDir;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public Duration getElectionTimeout() {
            return electionTimeout;
        }

        public void setElectionTimeout(Duration electionTimeout) {
            this.electionTimeout = electionTimeout;
        }
    }

    /** The name server's handling of registered brokers ({@code tandem.name-server.*}). */
    public static class NameServer {

        /** A broker not heard from for this long leaves the routes. */
        private Duration brokerExpiry = ClusterConfig.DEFAULT_BROKER_EXPIRY;

        /** How often the name server looks for silent brokers. */
        private Duration expiryScanInterval = ClusterConfig.DEFAULT_EXPIRY_SCAN_INTERVAL;

        public Duration getBrokerExpiry() {
            return brokerExpiry;
        }

        public void setBrokerExpiry(Duration brokerExpiry) {
            this.brokerExpiry = brokerExpiry;
        }

        public Duration getExpiryScanInterval() {
            return expiryScanInterval;
        }

        public void setExpiryScanInterval(Duration expiryScanInterval) {
            this.expiryScanInterval = expiryScanInterval;
        }
    }

    /** Mutual TLS between the controller peers ({@code tandem.controller.tls}), with the name server's TLS files. */
    public static class PeerTls {

        /** Whether the peers talk over mutual TLS. */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
