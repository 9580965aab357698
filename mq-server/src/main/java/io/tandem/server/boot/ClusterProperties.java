package io.tandem.server.boot;

import io.tandem.server.config.BrokerConfig;
import io.tandem.server.NameServerConfig;
import io.tandem.server.cluster.ClusterConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.time.Duration;

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
}
