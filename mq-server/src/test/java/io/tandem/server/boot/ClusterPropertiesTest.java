package io.tandem.server.boot;

import io.tandem.server.config.BrokerConfig;
import io.tandem.server.NameServerConfig;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.tls.ClientCertificates;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.tls.TlsMode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void shouldRunABrokerWithItsOwnNameServerByDefault() {
        runner.run(context -> {
            BrokerConfig config = context.getBean(ClusterProperties.class)
                    .toBrokerConfig(context.getBean(BrokerProperties.class).toBrokerConfig());

            assertThat(config.cluster()).isEqualTo(ClusterConfig.EMBEDDED);
            assertThat(ClusterProperties.role(context.getEnvironment())).isEqualTo(ServerRole.BOTH);
        });
    }

    @Test
    void shouldMakeABrokerOnlyProcessRegisterWithTheListedNameServers() {
        runner.withPropertyValues("tandem.role=broker",
                "tandem.broker.name-servers=10.0.0.1:9876;10.0.0.2:9876",
                "tandem.broker.registration-interval=10s").run(context -> {
            BrokerConfig config = context.getBean(ClusterProperties.class)
                    .toBrokerConfig(context.getBean(BrokerProperties.class).toBrokerConfig());

            assertThat(config.cluster().embeddedNameServer()).isFalse();
            assertThat(config.cluster().nameServers()).containsExactly("10.0.0.1:9876", "10.0.0.2:9876");
            assertThat(config.cluster().registrationInterval()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void shouldRefuseABrokerOnlyProcessWithoutNameServersNamingTheProperties() {
        runner.withPropertyValues("tandem.role=broker").run(context -> {
            ClusterProperties cluster = context.getBean(ClusterProperties.class);
            BrokerConfig broker = context.getBean(BrokerProperties.class).toBrokerConfig();

            assertThatThrownBy(() -> cluster.toBrokerConfig(broker)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tandem.role=broker").hasMessageContaining("tandem.broker.name-servers");
        });
    }

    @Test
    void shouldConfigureAStandAloneNameServerFromTheListenerAndExpirySettings() {
        runner.withPropertyValues("tandem.role=name-server", "tandem.broker.name-server-port=19876",
                "tandem.broker.bind-address=0.0.0.0", "tandem.broker.advertised-host=ns-1.example.com",
                "tandem.name-server.broker-expiry=30s", "tandem.name-server.expiry-scan-interval=1s").run(context -> {
            NameServerConfig config = context.getBean(ClusterProperties.class)
                    .toNameServerConfig(context.getBean(BrokerProperties.class).toBrokerConfig());

            assertThat(ClusterProperties.role(context.getEnvironment())).isEqualTo(ServerRole.NAME_SERVER);
            assertThat(config.port()).isEqualTo(19876);
            assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
            assertThat(config.advertisedHost()).isEqualTo("ns-1.example.com");
            assertThat(config.brokerExpiry()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.expiryScanInterval()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void shouldRunAControllerPeerInTheNameServerWhenEnabled() {
        runner.withPropertyValues("tandem.role=name-server", "tandem.broker.data-directory=/var/lib/tandem",
                "tandem.controller.enabled=true", "tandem.controller.id=c2",
                "tandem.controller.peers=c1@127.0.0.1:9870,c2@127.0.0.1:9871,c3@127.0.0.1:9872",
                "tandem.controller.lease=5s").run(context -> {
            NameServerConfig config = context.getBean(ClusterProperties.class)
                    .toNameServerConfig(context.getBean(BrokerProperties.class).toBrokerConfig());

            assertThat(config.controller().selfId()).isEqualTo("c2");
            assertThat(config.controller().peers()).containsExactly(
                    java.util.Map.entry("c1", "127.0.0.1:9870"), java.util.Map.entry("c2", "127.0.0.1:9871"),
                    java.util.Map.entry("c3", "127.0.0.1:9872"));
            assertThat(config.controller().storageDirectory()).isEqualTo(Path.of("/var/lib/tandem/controller"));
            assertThat(config.controller().leaseDuration()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.controller().electionTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
        runner.withPropertyValues("tandem.role=name-server").run(context -> assertThat(context
                .getBean(ClusterProperties.class).toNameServerConfig(context.getBean(BrokerProperties.class)
                        .toBrokerConfig()).controller()).as("off by default").isNull());
    }

    @Test
    void shouldRefuseAControllerWhoseIdIsNotAmongItsPeersNamingTheProperties() {
        runner.withPropertyValues("tandem.role=name-server", "tandem.controller.enabled=true",
                "tandem.controller.id=c4", "tandem.controller.peers=c1@127.0.0.1:9870").run(context -> {
            ClusterProperties cluster = context.getBean(ClusterProperties.class);
            BrokerConfig broker = context.getBean(BrokerProperties.class).toBrokerConfig();

            assertThatThrownBy(() -> cluster.toNameServerConfig(broker)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tandem.controller.id 'c4'").hasMessageContaining("tandem.controller.peers");
        });
    }

    @Test
    void shouldRunTheControllerPeersOverMutualTlsWithTheNameServersFilesOrRefuseWithoutThem() {
        String[] quorum = {"tandem.role=name-server", "tandem.controller.enabled=true", "tandem.controller.id=c1",
                "tandem.controller.peers=c1@127.0.0.1:9870,c2@127.0.0.1:9871,c3@127.0.0.1:9872",
                "tandem.controller.tls.enabled=true"};
        runner.withPropertyValues(quorum).withPropertyValues("tandem.broker.tls.certificate-chain=/etc/tandem/n.crt",
                "tandem.broker.tls.private-key=/etc/tandem/n.key",
                "tandem.broker.tls.trusted-certificates=/etc/tandem/ca.crt").run(context -> {
            NameServerConfig config = context.getBean(ClusterProperties.class)
                    .toNameServerConfig(context.getBean(BrokerProperties.class).toBrokerConfig());

            assertThat(config.controller().tls()).isTrue();
            assertThat(config.tls().trustedCertificates()).isEqualTo(Path.of("/etc/tandem/ca.crt"));
        });
        runner.withPropertyValues(quorum).run(context -> {
            ClusterProperties cluster = context.getBean(ClusterProperties.class);
            BrokerConfig broker = context.getBean(BrokerProperties.class).toBrokerConfig();

            assertThatThrownBy(() -> cluster.toNameServerConfig(broker)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tandem.controller.tls.enabled=true needs")
                    .hasMessageContaining("trusted-certificates");
        });
    }

    @Test
    void shouldMakeAControlledMemberFromTheReplicationProperties() {
        runner.withPropertyValues("tandem.role=broker", "tandem.broker.name-servers=127.0.0.1:9876",
                "tandem.broker.replication.controlled=true", "tandem.broker.replication.member-id=2",
                "tandem.broker.replication.port=10922", "tandem.broker.replication.mode=sync").run(context -> {
            BrokerConfig config = context.getBean(ClusterProperties.class)
                    .toBrokerConfig(context.getBean(BrokerProperties.class).toBrokerConfig());

            assertThat(config.replication().controlled()).isTrue();
            assertThat(config.replication().brokerId()).isEqualTo(2);
            assertThat(config.replication().port()).isEqualTo(10922);
            assertThat(config.replication().awaitingLeader()).isTrue();
        });
    }

    @Test
    void shouldGiveTheStandAloneNameServerTheListenersTlsSettings() {
        runner.withPropertyValues("tandem.role=name-server", "tandem.broker.tls.mode=enforcing",
                "tandem.broker.tls.certificate-chain=/etc/tandem/tls/ns.crt",
                "tandem.broker.tls.private-key=/etc/tandem/tls/ns.key",
                "tandem.broker.tls.client-certificates=required",
                "tandem.broker.tls.trusted-certificates=/etc/tandem/tls/ca.crt").run(context -> {
            NameServerConfig config = context.getBean(ClusterProperties.class)
                    .toNameServerConfig(context.getBean(BrokerProperties.class).toBrokerConfig());

            assertThat(config.tls()).isEqualTo(TlsConfig.of(TlsMode.ENFORCING, Path.of("/etc/tandem/tls/ns.crt"),
                    Path.of("/etc/tandem/tls/ns.key")).withClientCertificates(ClientCertificates.REQUIRED,
                    Path.of("/etc/tandem/tls/ca.crt")));
        });
    }

    @Test
    void shouldFailStartupOnANameServerThatIsNotHostAndPort() {
        runner.withPropertyValues("tandem.broker.name-servers=10.0.0.1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tandem.broker.name-servers").hasMessageContaining("10.0.0.1");
        });
    }

    @Test
    void shouldStartOnlyANameServerInThatRole() {
        new ApplicationContextRunner().withUserConfiguration(TandemBrokerApplication.class)
                .withPropertyValues("tandem.role=name-server", "tandem.broker.name-server-port=0")
                .withBean(io.micrometer.core.instrument.MeterRegistry.class,
                        io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(NameServerLifecycle.class)
                            .doesNotHaveBean(BrokerLifecycle.class);
                    assertThat(context.getBean(NameServerLifecycle.class).isRunning()).isTrue();
                    assertThat(context.getBean(NameServerHealthIndicator.class).health().getStatus().getCode())
                            .isEqualTo("UP");
                    assertThat(List.of(context.getBeanNamesForType(BrokerHealthIndicator.class))).isEmpty();
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({BrokerProperties.class, ClusterProperties.class})
    static class PropertiesConfiguration {
    }
}
