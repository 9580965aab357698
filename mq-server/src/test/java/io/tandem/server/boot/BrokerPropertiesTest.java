package io.tandem.server.boot;

import io.tandem.server.config.BrokerConfig;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationMode;
import io.tandem.server.tls.ClientCertificates;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.tls.TlsMode;
import io.tandem.store.Durability;
import io.tandem.store.StoreConfig;
import io.tandem.store.io.IoEngineKind;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void shouldDefaultToTheEmbeddedBrokerConfig() {
        runner.run(context -> {
            BrokerConfig bound = context.getBean(BrokerProperties.class).toBrokerConfig();
            BrokerConfig expected = BrokerConfig.builder(Path.of("./data")).build();

            assertThat(bound).usingRecursiveComparison()
                    .ignoringFields("storeCustomizer", "clock")
                    .isEqualTo(expected);
            assertThat(bound.storeConfig()).usingRecursiveComparison()
                    .ignoringFields("clock")
                    .isEqualTo(expected.storeConfig());
        });
    }

    @Test
    void shouldMapEveryPropertyOntoTheBrokerConfig() {
        runner.withPropertyValues(
                "tandem.broker.data-directory=/var/lib/tandem",
                "tandem.broker.bind-address=0.0.0.0",
                "tandem.broker.advertised-host=broker-1.example.com",
                "tandem.broker.name-server-port=19876",
                "tandem.broker.broker-port=20911",
                "tandem.broker.cluster-name=payments",
                "tandem.broker.broker-name=broker-1",
                "tandem.broker.auto-create-topics=false",
                "tandem.broker.auto-create-groups=false",
                "tandem.broker.durability=sync",
                "tandem.broker.max-message-size=8MB",
                "tandem.broker.property-filter-enabled=true",
                "tandem.broker.delay-levels=1s,30s,5m",
                "tandem.broker.long-polling.enabled=false",
                "tandem.broker.long-polling.max-hold=5s",
                "tandem.broker.store.segment-size=256MB",
                "tandem.broker.store.tail-cache-size=32MB",
                "tandem.broker.store.io-engine=mmap",
                "tandem.broker.store.disk-usage-high-water-mark=0.95",
                "tandem.broker.store.disk-usage-retention-threshold=0.9").run(context -> {
            BrokerConfig config = context.getBean(BrokerProperties.class).toBrokerConfig();

            assertThat(config.dataDirectory()).isEqualTo(Path.of("/var/lib/tandem"));
            assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
            assertThat(config.advertisedHost()).isEqualTo("broker-1.example.com");
            assertThat(config.nameServerPort()).isEqualTo(19876);
            assertThat(config.brokerPort()).isEqualTo(20911);
            assertThat(config.clusterName()).isEqualTo("payments");
            assertThat(config.brokerName()).isEqualTo("broker-1");
            assertThat(config.autoCreateTopics()).isFalse();
            assertThat(config.autoCreateGroups()).isFalse();
            assertThat(config.durability()).isEqualTo(Durability.SYNC);
            assertThat(config.maxMessageSize()).isEqualTo(8 << 20);
            assertThat(config.propertyFilter()).isTrue();
            assertThat(config.delayLevels())
                    .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));
            assertThat(config.longPolling()).isFalse();
            assertThat(config.maxLongPollingTime()).isEqualTo(Duration.ofSeconds(5));
            StoreConfig store = config.storeConfig();
            assertThat(store.directory()).isEqualTo(Path.of("/var/lib/tandem/store"));
            assertThat(store.durability()).isEqualTo(Durability.SYNC);
            assertThat(store.segmentSize()).isEqualTo(256L << 20);
            assertThat(store.tailCacheSize()).isEqualTo(32L << 20);
            assertThat(store.ioEngine()).isEqualTo(IoEngineKind.MMAP);
            assertThat(store.diskUsageHighWaterMark()).isEqualTo(0.95);
            assertThat(store.diskUsageRetentionThreshold()).isEqualTo(0.9);
        });
    }

    @Test
    void shouldLetTheStoreHoldTheLargestMessage() {
        runner.withPropertyValues("tandem.broker.max-message-size=16MB").run(context -> {
            BrokerConfig config = context.getBean(BrokerProperties.class).toBrokerConfig();

            assertThat(config.storeConfig().maxRecordSize())
                    .isEqualTo((16 << 20) + (128 << 10));
        });
    }

    @Test
    void shouldBindTheReplicationOfALeaderAndOfAReplica() {
        runner.withPropertyValues("tandem.broker.replication.port=0", "tandem.broker.replication.mode=sync",
                "tandem.broker.replication.min-in-sync=3", "tandem.broker.replication.max-lag=2MB",
                "tandem.broker.replication.sync-timeout=5s").run(context -> {
                    ReplicationConfig replication = context.getBean(BrokerProperties.class).toBrokerConfig()
                            .replication();
                    assertThat(replication.brokerId()).isZero();
                    assertThat(replication.listens()).isTrue();
                    assertThat(replication.mode()).isEqualTo(ReplicationMode.SYNC);
                    assertThat(replication.minInSync()).isEqualTo(3);
                    assertThat(replication.maxLagBytes()).isEqualTo(2L << 20);
                    assertThat(replication.syncTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
                });
        runner.withPropertyValues("tandem.broker.replication.broker-id=2",
                "tandem.broker.replication.leader-address=10.0.0.5:10912").run(context -> {
                    ReplicationConfig replication = context.getBean(BrokerProperties.class).toBrokerConfig()
                            .replication();
                    assertThat(replication.replica()).isTrue();
                    assertThat(replication.leaderAddress()).isEqualTo("10.0.0.5:10912");
                });
        runner.run(context -> assertThat(context.getBean(BrokerProperties.class).toBrokerConfig().replication())
                .isEqualTo(ReplicationConfig.STANDALONE));
    }

    @Test
    void shouldRefuseAReplicaWithoutItsLeader() {
        runner.withPropertyValues("tandem.broker.replication.broker-id=1").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("a replica (brokerId 1) needs leaderAddress"));
    }

    @Test
    void shouldFailOnAPortOutOfRangeNamingTheProperty() {
        runner.withPropertyValues("tandem.broker.name-server-port=70000").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker.name-server-port must be between 0 and 65535")
                        .hasMessageContaining("rejected value [70000]"));
    }

    @Test
    void shouldBindTheTlsSettingsAndHideTheKeyPassword() {
        runner.withPropertyValues("tandem.broker.tls.mode=permissive",
                "tandem.broker.tls.certificate-chain=/etc/tandem/tls/broker.crt",
                "tandem.broker.tls.private-key=/etc/tandem/tls/broker.key",
                "tandem.broker.tls.key-password=tls-key-password-3e9d",
                "tandem.broker.tls.client-certificates=required",
                "tandem.broker.tls.trusted-certificates=/etc/tandem/tls/ca.crt").run(context -> {
                    BrokerProperties properties = context.getBean(BrokerProperties.class);
                    TlsConfig tls = properties.toBrokerConfig().tls();
                    assertThat(tls).isEqualTo(new TlsConfig(TlsMode.PERMISSIVE, Path.of("/etc/tandem/tls/broker.crt"),
                            Path.of("/etc/tandem/tls/broker.key"), "tls-key-password-3e9d",
                            ClientCertificates.REQUIRED, Path.of("/etc/tandem/tls/ca.crt")));
                    assertThat(tls + " " + properties.getTls()).doesNotContain("tls-key-password-3e9d");
                });
    }

    @Test
    void shouldBindTlsToNameServersWithTheTrustedAuthorities() {
        runner.withPropertyValues("tandem.broker.tls.name-server-client=true",
                "tandem.broker.tls.trusted-certificates=/etc/tandem/tls/ca.crt").run(context -> {
                    TlsConfig tls = context.getBean(BrokerProperties.class).toBrokerConfig().tls();
                    assertThat(tls.mode()).isEqualTo(TlsMode.DISABLED);
                    assertThat(tls.nameServerClient()).isTrue();
                    assertThat(tls.trustedCertificates()).isEqualTo(Path.of("/etc/tandem/tls/ca.crt"));
                });
    }

    @Test
    void shouldFailOnTlsToNameServersWithoutTrustedAuthoritiesNamingTheProperty() {
        runner.withPropertyValues("tandem.broker.tls.name-server-client=true").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker.tls.trusted-certificates must name a PEM file")
                        .hasMessageContaining("tls.name-server-client is on"));
    }

    @Test
    void shouldBindMutualTlsOnTheReplicationStreamWithTheBrokersFiles() {
        runner.withPropertyValues("tandem.broker.replication.port=0", "tandem.broker.replication.tls.enabled=true",
                "tandem.broker.tls.certificate-chain=/etc/tandem/tls/broker.crt",
                "tandem.broker.tls.private-key=/etc/tandem/tls/broker.key",
                "tandem.broker.tls.trusted-certificates=/etc/tandem/tls/ca.crt").run(context -> {
                    BrokerConfig config = context.getBean(BrokerProperties.class).toBrokerConfig();
                    assertThat(config.replication().tls()).isTrue();
                    assertThat(config.tls().mode()).isEqualTo(TlsMode.DISABLED);
                    assertThat(config.tls().trustedCertificates()).isEqualTo(Path.of("/etc/tandem/tls/ca.crt"));
                });
    }

    @Test
    void shouldFailOnReplicationTlsWithoutTheBrokersFilesNamingTheProperties() {
        runner.withPropertyValues("tandem.broker.replication.tls.enabled=true",
                "tandem.broker.tls.certificate-chain=/etc/tandem/tls/broker.crt").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker.tls.private-key must name a PEM file when"
                                + " replication.tls.enabled is on")
                        .hasMessageContaining("tandem.broker.tls.trusted-certificates must name a PEM file"));
    }

    @Test
    void shouldFailOnTlsWithoutACertificateNamingTheProperty() {
        runner.withPropertyValues("tandem.broker.tls.mode=enforcing").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker.tls.certificate-chain must name a PEM file when TLS is on"));
    }

    @Test
    void shouldFailOnANonPositiveMaxHoldNamingTheProperty() {
        runner.withPropertyValues("tandem.broker.long-polling.max-hold=0s").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker.long-polling.max-hold must be a positive duration"));
    }

    @Test
    void shouldFailOnAZeroDelayLevelNamingItsIndex() {
        runner.withPropertyValues("tandem.broker.delay-levels=1s,0s").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker.delay-levels[1] must be a positive duration"));
    }

    @Test
    void shouldFailOnAnUnknownDurabilityNamingTheProperty() {
        runner.withPropertyValues("tandem.broker.durability=sometimes").run(context ->
                assertThat(context).getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'tandem.broker.durability'"));
    }

    @Test
    void shouldFailOnATooLargeMessageSizeNamingTheProperty() {
        runner.withPropertyValues("tandem.broker.max-message-size=1GB").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker.max-message-size must be between 1B and 64MB"));
    }

    @Test
    void shouldFailOnADiskHighWaterMarkAboveOneNamingTheProperty() {
        runner.withPropertyValues("tandem.broker.store.disk-usage-high-water-mark=90").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker.store.disk-usage-high-water-mark must be above 0 and at most 1"));
    }

    @Test
    void shouldFailWhenRetentionWouldStartOnlyAboveTheHighWaterMark() {
        runner.withPropertyValues("tandem.broker.store.disk-usage-high-water-mark=0.8",
                "tandem.broker.store.disk-usage-retention-threshold=0.85").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker: diskUsageRetentionThreshold (0.85) must not be above "
                                + "diskUsageHighWaterMark (0.8)"));
    }

    @Test
    void shouldFailWhenTheTailCacheCannotHoldTwoRecords() {
        runner.withPropertyValues("tandem.broker.store.tail-cache-size=4MB").run(context ->
                assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("tandem.broker: tailCacheSize must be")
                        .hasMessageContaining("at least twice maxRecordSize"));
    }

    @Test
    void shouldTurnAutoCreateOffAndDurabilityToSyncInTheProductionProfile() {
        runner.withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("spring.profiles.active=production", TandemBrokerApplication.CONFIG_NAMES)
                .run(context -> {
                    BrokerConfig config = context.getBean(BrokerProperties.class).toBrokerConfig();

                    assertThat(config.autoCreateTopics()).isFalse();
                    assertThat(config.autoCreateGroups()).isFalse();
                    assertThat(config.durability()).isEqualTo(Durability.SYNC);
                    assertThat(config.auth().authentication()).isTrue();
                    assertThat(config.auth().authorization()).isTrue();
                });
    }

    @Test
    void shouldAutoCreateWithAsyncDurabilityByDefault() {
        runner.withInitializer(new ConfigDataApplicationContextInitializer()).run(context -> {
            BrokerConfig config = context.getBean(BrokerProperties.class).toBrokerConfig();

            assertThat(config.autoCreateTopics()).isTrue();
            assertThat(config.autoCreateGroups()).isTrue();
            assertThat(config.durability()).isEqualTo(Durability.ASYNC);
            assertThat(List.of(config.nameServerPort(), config.brokerPort())).containsExactly(9876, 10911);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BrokerProperties.class)
    static class PropertiesConfiguration {
    }
}
