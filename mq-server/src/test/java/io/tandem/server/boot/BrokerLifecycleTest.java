package io.tandem.server.boot;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.server.config.BrokerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerLifecycleTest {

    @TempDir
    Path dataDirectory;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private BrokerLifecycle lifecycle;

    @AfterEach
    void stopBroker() {
        if (lifecycle != null) {
            lifecycle.stop();
        }
    }

    @Test
    void shouldReportUpWhileRunningAndDownAfterStop() {
        lifecycle = new BrokerLifecycle(BrokerConfig.builder(dataDirectory).randomPorts().build(), registry);
        BrokerHealthIndicator indicator = new BrokerHealthIndicator(lifecycle);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

        lifecycle.start();
        Health running = indicator.health();
        String nameServerAddress = lifecycle.broker().orElseThrow().nameServerAddress();

        assertThat(running.getStatus()).isEqualTo(Status.UP);
        assertThat(running.getDetails())
                .containsEntry("nameServerAddress", nameServerAddress)
                .containsEntry("brokerAddress", lifecycle.broker().orElseThrow().brokerAddress());
        assertThat(registry.find("tandem.connections").gauge()).isNotNull();

        lifecycle.stop();

        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(lifecycle.broker()).isEmpty();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void shouldFailToStartNamingTheDataDirectoryWhenAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            lifecycle = new BrokerLifecycle(BrokerConfig.builder(dataDirectory)
                    .nameServerPort(0)
                    .brokerPort(taken.getLocalPort())
                    .build(), registry);

            assertThatThrownBy(lifecycle::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(dataDirectory.toString());
            assertThat(lifecycle.isRunning()).isFalse();
        }
    }
}
