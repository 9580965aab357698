package io.tandem.server.auth;

import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
