package io.tandem.coordinator.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerSafetyTest {

    private static HttpSecurityProperties security(boolean enabled, boolean allowInsecure) {
        return new HttpSecurityProperties(enabled, allowInsecure, List.of(), Path.of("unused"), false);
    }

    @Test
    void anOpenListenerOnEveryInterfaceRefusesToStart() {
        ListenerSafety safety = ListenerSafety.of(new MockEnvironment());

        assertThat(safety.loopbackOnly()).isFalse();
        assertThatThrownBy(() -> safety.check(security(false, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("server.address=<unset: every interface>")
                .hasMessageContaining("tandem.security.allow-insecure=true");
    }

    @Test
    void anOpenManagementListenerBeyondLoopbackRefusesToStart() {
        ListenerSafety safety = ListenerSafety.of(new MockEnvironment()
                .withProperty("server.address", "127.0.0.1")
                .withProperty("management.server.port", "8081")
                .withProperty("management.server.address", "0.0.0.0"));

        assertThatThrownBy(() -> safety.check(security(false, false)))
                .hasMessageContaining("management.server.address=0.0.0.0");
    }

    @Test
    void loopbackListenersMayBeOpenAndExposedOnesNeedLoginsOrAnExplicitAllowance() {
        ListenerSafety loopback = ListenerSafety.of(new MockEnvironment()
                .withProperty("server.address", "127.0.0.1")
                .withProperty("management.server.port", "8081")
                .withProperty("management.server.address", "::1"));
        ListenerSafety exposed = ListenerSafety.of(new MockEnvironment().withProperty("server.address", "0.0.0.0"));

        assertThat(loopback.loopbackOnly()).isTrue();
        assertThatCode(() -> loopback.check(security(false, false))).doesNotThrowAnyException();
        assertThatCode(() -> exposed.check(security(true, false))).doesNotThrowAnyException();
        assertThatCode(() -> exposed.check(security(false, true))).doesNotThrowAnyException();
    }

    @Test
    void aPasswordWithoutItsEncodingIsRefusedNamingTheUser() {
        assertThatThrownBy(() -> new HttpSecurityProperties(true, false,
                List.of(new HttpSecurityProperties.User("alice", "hunter2-secret", List.of(Role.ADMIN))),
                Path.of("unused"), false))
                .hasMessageContaining("tandem.security.users[0].password of 'alice'")
                .hasMessageNotContaining("hunter2-secret");
    }

    @Test
    void aUserNeverShowsItsPassword() {
        assertThat(new HttpSecurityProperties.User("alice", "{noop}s3cret", List.of(Role.VIEWER)).toString())
                .contains("alice")
                .doesNotContain("s3cret");
    }
}
