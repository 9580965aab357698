package io.tandem.server.controller;

import io.tandem.server.tls.ClientCertificates;
import io.tandem.server.tls.TlsConfig;
import io.tandem.server.tls.TlsMode;
import io.tandem.testing.Ports;
import io.tandem.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three controller peers on loopback talking over mutual TLS: they elect a quorum leader and replicate group state;
 * a peer whose certificate another authority signed is kept out of the quorum's traffic.
 */
class ControllerTlsQuorumTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final Map<String, String> peers = new LinkedHashMap<>();
    private final Map<String, Controller> running = new LinkedHashMap<>();

    @AfterEach
    void closeAll() throws IOException {
        for (Controller controller : running.values()) {
            controller.close();
        }
    }

    private static TlsConfig material(TestCertificates.Issued issued, Path trusted) {
        return new TlsConfig(TlsMode.DISABLED, issued.certificateChain(), issued.privateKey(), null,
                ClientCertificates.NONE, trusted);
    }

    private void start(String id, TlsConfig tls) throws IOException {
        running.put(id, Controller.start(new ControllerConfig(id, peers, directory.resolve(id),
                Duration.ofSeconds(10), Duration.ofMillis(500), Clock.systemUTC(), true), tls));
    }

    @Test
    void peersOverMutualTlsReplicateGroupStateAndAStrangerPeerGetsNone() throws Exception {
        TestCertificates authority = TestCertificates.authority(directory.resolve("pki"), "quorum-ca");
        TestCertificates stranger = TestCertificates.authority(directory.resolve("stranger-pki"), "stranger-ca");
        for (String id : List.of("n1", "n2", "n3", "n4")) {
            peers.put(id, "127.0.0.1:" + Ports.unused());
        }
        for (String id : List.of("n1", "n2", "n3")) {
            start(id, material(authority.issue(id), authority.certificate()));
        }
        // n4 trusts the quorum's authority but presents a certificate a stranger signed.
        start("n4", material(stranger.issue("n4"), authority.certificate()));

        Controller leader = await().atMost(WAIT).until(() -> running.values().stream()
                .filter(Controller::leadsQuorum).findFirst(), found -> found.isPresent()).orElseThrow();
        assertThat(leader).isNotSameAs(running.get("n4"));
        leader.submit(ControllerCommand.join("broker-a", 1, "127.0.0.1:1001")).get(30, TimeUnit.SECONDS);
        leader.submit(ControllerCommand.join("broker-a", 2, "127.0.0.1:1002")).get(30, TimeUnit.SECONDS);
        leader.submit(ControllerCommand.alterInSync("broker-a", 1, 1, Set.of(1L, 2L))).get(30, TimeUnit.SECONDS);

        GroupState expected = new GroupState("broker-a", Map.of(1L, "127.0.0.1:1001", 2L, "127.0.0.1:1002"), 1L, 1,
                Set.of(1L, 2L));
        for (String id : List.of("n1", "n2", "n3")) {
            await().atMost(WAIT).until(() -> running.get(id).group("broker-a"),
                    group -> group.isPresent() && group.get().equals(expected));
        }
        assertThat(running.get("n4").group("broker-a")).isEmpty();
    }

}
