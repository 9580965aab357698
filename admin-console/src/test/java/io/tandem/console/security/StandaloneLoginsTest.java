package io.tandem.console.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The logins of the console run on its own: its users, the safe-listener rule, and what each role may do. */
class StandaloneLoginsTest {

    private final ConsoleSecurityAutoConfiguration.StandaloneUsers standalone =
            new ConsoleSecurityAutoConfiguration.StandaloneUsers();

    @Test
    void shouldRefuseToRunWithoutLoginsBeyondTheLoopbackInterface() {
        ConsoleSecurityProperties off = new ConsoleSecurityProperties(false, false, List.of());

        assertThatThrownBy(() -> standalone.consoleUsers(off, new MockEnvironment()
                .withProperty("server.address", "0.0.0.0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tandem.security.enabled=false").hasMessageContaining("0.0.0.0")
                .hasMessageContaining("tandem.security.allow-insecure=true");
        assertThatThrownBy(() -> standalone.consoleUsers(off, new MockEnvironment()))
                .hasMessageContaining("every interface");
        assertThat(standalone.consoleUsers(off, new MockEnvironment().withProperty("server.address", "127.0.0.1")))
                .isNotNull();
        assertThat(standalone.consoleUsers(new ConsoleSecurityProperties(false, true, List.of()),
                new MockEnvironment().withProperty("server.address", "0.0.0.0"))).isNotNull();
    }

    @Test
    void shouldRefuseLoginsWithoutAUserAndSayHowToAddTheFirstAdmin() {
        assertThatThrownBy(() -> standalone.consoleUsers(new ConsoleSecurityProperties(true, false, List.of()),
                new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no user is configured")
                .hasMessageContaining("TANDEM_SECURITY_USERS_0_ROLES=admin");
    }

    @Test
    void shouldSignInTheConfiguredUsersWithTheirRoles() {
        UserDetailsService users = standalone.consoleUsers(new ConsoleSecurityProperties(true, false, List.of(
                new ConsoleSecurityProperties.User("vera", "{noop}secret", List.of(ConsoleRole.VIEWER)),
                new ConsoleSecurityProperties.User("ada", "{noop}other", List.of(ConsoleRole.ADMIN)))),
                new MockEnvironment());

        UserDetails ada = users.loadUserByUsername("ada");
        assertThat(ada.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
        assertThat(users.loadUserByUsername("vera").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_VIEWER");
    }

    @Test
    void shouldNameTheUserSettingThatIsWrongAndNeverShowAPassword() {
        assertThatThrownBy(() -> new ConsoleSecurityProperties(true, false, List.of(
                new ConsoleSecurityProperties.User("otto", "plain-text", List.of(ConsoleRole.OPERATOR)))))
                .hasMessageContaining("tandem.security.users[0].password of 'otto'")
                .hasMessageNotContaining("plain-text");
        assertThatThrownBy(() -> new ConsoleSecurityProperties(true, false, List.of(
                new ConsoleSecurityProperties.User("otto", "{noop}a", List.of()))))
                .hasMessageContaining("tandem.security.users[0].roles of 'otto' is empty");
        assertThat(new ConsoleSecurityProperties.User("otto", "{noop}hidden", List.of(ConsoleRole.OPERATOR))
                .toString()).doesNotContain("hidden");
    }

    @Test
    void shouldLetEachRoleDoWhatItAndTheRolesBelowItMay() {
        ConsoleAccess access = new ConsoleAccess(true);
        MockHttpServletRequest operator = new MockHttpServletRequest();
        operator.addUserRole("OPERATOR");
        MockHttpServletRequest viewer = new MockHttpServletRequest();
        viewer.addUserRole("VIEWER");

        assertThat(access.allows(operator, ConsoleRole.VIEWER)).isTrue();
        assertThat(access.allows(operator, ConsoleRole.OPERATOR)).isTrue();
        assertThat(access.allows(operator, ConsoleRole.ADMIN)).isFalse();
        assertThat(access.allows(viewer, ConsoleRole.OPERATOR)).isFalse();
        assertThat(new ConsoleAccess(false).allows(new MockHttpServletRequest(), ConsoleRole.ADMIN)).isTrue();
    }
}
