package io.tandem.server.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.server.Broker;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.boot.TandemBrokerApplication;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.replication.ReplicationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The safe-default rule: listeners beyond loopback need authentication, or an explicit allow-insecure. */
class ListenerExposureTest {

    @TempDir
    Path directory;

    @Test
    void shouldRefuseToStartOnEveryInterfaceWithAuthenticationOff() {
        assertThatThrownBy(() -> Broker.start(BrokerConfig.builder(directory).randomPorts().bindAddress("0.0.0.0")
                .build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("tandem.broker.auth.allow-insecure=true");
    }

    @Test
    void shouldAcceptLoopbackAnAuthenticatedListenerAndAnExplicitlyInsecureOne() {
        AuthConfig insecure = AuthConfig.DISABLED.withAllowInsecure(true);
        assertThatCode(() -> ListenerExposure.check("listeners", "127.0.0.1", AuthConfig.DISABLED))
                .doesNotThrowAnyException();
        assertThatCode(() -> ListenerExposure.check("listeners", "0.0.0.0", insecure)).doesNotThrowAnyException();
        assertThatCode(() -> ListenerExposure.check("listeners", "0.0.0.0", AuthConfig.enabled(null)))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAStandAloneNameServerBeyondLoopbackEvenWithAuthenticationOnSinceItDoesNotAuthenticate() {
        for (AuthConfig auth : new AuthConfig[]{AuthConfig.DISABLED, AuthConfig.enabled(null)}) {
            assertThatThrownBy(() -> NameServer.start(NameServerConfig.builder().bindAddress("0.0.0.0").randomPort()
                    .auth(auth).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stand-alone name server would listen on 0.0.0.0")
                    .hasMessageContaining("does not authenticate requests")
                    .hasMessageContaining("tandem.broker.auth.allow-insecure=true");
        }
    }

    @Test
    void shouldLetAStandAloneNameServerOnLoopbackOrExplicitlyInsecureOneStart() throws Exception {
        assertThatCode(() -> ListenerExposure.checkNameServer("0.0.0.0", AuthConfig.DISABLED.withAllowInsecure(true)))
                .doesNotThrowAnyException();
        assertThatCode(() -> ListenerExposure.checkNameServer("127.0.0.1", AuthConfig.DISABLED))
                .doesNotThrowAnyException();
        try (NameServer nameServer = NameServer.start(NameServerConfig.builder().randomPort().build())) {
            assertThat(nameServer.address()).startsWith("127.0.0.1:");
        }
    }

    @Test
    void shouldRefuseTheNameServerRoleOfTheApplicationBeyondLoopback() {
        new ApplicationContextRunner()
                .withUserConfiguration(TandemBrokerApplication.class)
                .withPropertyValues("tandem.role=name-server", "tandem.broker.bind-address=0.0.0.0",
                        "tandem.broker.name-server-port=0")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("stand-alone name server would listen on 0.0.0.0");
                });
    }

    @Test
    void shouldRefuseAPlainReplicationListenerBeyondLoopbackEvenWithAuthenticationOnSinceItDoesNotAuthenticateReplicas() {
        for (AuthConfig auth : new AuthConfig[]{AuthConfig.DISABLED, AuthConfig.enabled(null)}) {
            assertThatThrownBy(() -> ListenerExposure.checkReplication("0.0.0.0", auth, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("replication listener would listen on 0.0.0.0")
                    .hasMessageContaining("does not authenticate replicas")
                    .hasMessageContaining("tandem.broker.replication.tls.enabled=true")
                    .hasMessageContaining("tandem.broker.auth.allow-insecure=true");
        }
        assertThatCode(() -> ListenerExposure.checkReplication("127.0.0.1", AuthConfig.DISABLED, false))
                .doesNotThrowAnyException();
        assertThatCode(() -> ListenerExposure.checkReplication("0.0.0.0", AuthConfig.DISABLED.withAllowInsecure(true),
                false)).doesNotThrowAnyException();
    }

    @Test
    void shouldLetAReplicationListenerOverMutualTlsBindBeyondLoopbackWithoutAllowInsecure() {
        assertThatCode(() -> ListenerExposure.checkReplication("0.0.0.0", AuthConfig.DISABLED, true))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAPlainControllerPeerBeyondLoopbackButLetAMutualTlsOneBind() {
        assertThatThrownBy(() -> ListenerExposure.checkController("0.0.0.0", AuthConfig.enabled(null), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("controller peer would listen on 0.0.0.0")
                .hasMessageContaining("tandem.controller.tls.enabled=true")
                .hasMessageContaining("tandem.broker.auth.allow-insecure=true");
        assertThatCode(() -> ListenerExposure.checkController("127.0.0.1", AuthConfig.DISABLED, false))
                .doesNotThrowAnyException();
        assertThatCode(() -> ListenerExposure.checkController("0.0.0.0", AuthConfig.DISABLED, true))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseToStartALeaderWhoseReplicationListenerWouldBeReachableBeyondLoopback() {
        assertThatThrownBy(() -> Broker.start(BrokerConfig.builder(directory).randomPorts().bindAddress("0.0.0.0")
                .auth(AuthConfig.enabled(null)).replication(ReplicationConfig.builder().leader(0).build()).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replication listener would listen on 0.0.0.0");
    }
}
