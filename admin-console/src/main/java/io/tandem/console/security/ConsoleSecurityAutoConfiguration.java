package io.tandem.console.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The console's login: a form login at {@code /login} with a session, CSRF tokens on every change (forms and htmx
 * requests), and logout. Every page needs {@link ConsoleRole#VIEWER}; forcing transaction decisions, offset resets,
 * skipping a backlog and resending dead letters need {@link ConsoleRole#OPERATOR}; every other change (topics)
 * needs {@link ConsoleRole#ADMIN}. With {@code tandem.security.enabled=false} the pages are open.
 *
 * <p>Inside tandem-app the users are the application's ({@code tandem.security.users}, the coordinator's
 * {@code UserDetailsService}); the console on its own reads the same settings into its own users
 * ({@link ConsoleSecurityProperties}), requires at least one when logins are on, and refuses to run without logins on
 * a listener beyond the loopback interface unless {@code tandem.security.allow-insecure=true}.
 *
 * <p>Design note: the console's filter chain matches the console's own paths only and comes first, so the
 * coordinator's API ({@code /tandem/**}, HTTP Basic) and the actuator keep their own chains in the same application.
 */
@AutoConfiguration(afterName = "io.tandem.coordinator.security.HttpSecurityAutoConfiguration", beforeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "tandem.console.enabled", matchIfMissing = true)
@ConditionalOnClass(SecurityFilterChain.class)
@EnableWebSecurity
public final class ConsoleSecurityAutoConfiguration {

    /** Where the login page is. */
    public static final String LOGIN_PATH = "/login";

    /** The console's pages, its static files, the login and logout, and the error page they forward to. */
    static final String[] CONSOLE_PATHS = {"/", "/overview/**", "/topics/**", "/groups/**", "/messages/**",
            "/trace/**", "/transactions/**", "/dlq/**", "/audit/**", "/console/**", "/webjars/**", LOGIN_PATH,
            "/logout", "/error"};

    /** Changes an operator may make; every other change needs an admin. */
    static final String[] OPERATOR_CHANGES = {"/transactions/*/act", "/groups/*/reset", "/groups/*/skip",
            "/dlq/resend"};

    @Bean
    ConsoleAccess consoleAccess(Environment environment) {
        return new ConsoleAccess(loginsRequired(environment));
    }

    @Bean
    @Order(0)
    SecurityFilterChain tandemConsoleSecurity(HttpSecurity http, ConsoleAccess access) throws Exception {
        http.securityMatcher(CONSOLE_PATHS);
        if (!access.loginsRequired()) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .csrf(csrf -> csrf.disable())
                    .build();
        }
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(LOGIN_PATH, "/console/**", "/webjars/**", "/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/**").hasAnyRole(ConsoleRole.VIEWER.andAbove())
                        .requestMatchers(HttpMethod.HEAD, "/**").hasAnyRole(ConsoleRole.VIEWER.andAbove())
                        .requestMatchers(HttpMethod.POST, OPERATOR_CHANGES)
                        .hasAnyRole(ConsoleRole.OPERATOR.andAbove())
                        .anyRequest().hasAnyRole(ConsoleRole.ADMIN.andAbove()))
                .formLogin(form -> form.loginPage(LOGIN_PATH).permitAll())
                .logout(logout -> logout.logoutSuccessUrl(LOGIN_PATH + "?logout"))
                .build();
    }

    static boolean loginsRequired(Environment environment) {
        return environment.getProperty("tandem.security.enabled", Boolean.class, true);
    }

    /** The users of the console run on its own: only when the application has none (tandem-app has). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(UserDetailsService.class)
    @EnableConfigurationProperties(ConsoleSecurityProperties.class)
    static class StandaloneUsers {

        private static final Logger log = LoggerFactory.getLogger(StandaloneUsers.class);

        @Bean
        @ConditionalOnMissingBean
        PasswordEncoder consolePasswordEncoder() {
            return PasswordEncoderFactories.createDelegatingPasswordEncoder();
        }

        @Bean
        UserDetailsService consoleUsers(ConsoleSecurityProperties properties, Environment environment) {
            String address = environment.getProperty("server.address");
            if (!properties.enabled()) {
                if (!isLoopback(address)) {
                    if (!properties.allowInsecure()) {
                        throw new IllegalStateException("tandem.security.enabled=false with the console listening on "
                                + (address == null || address.isBlank() ? "every interface" : address)
                                + ", beyond the loopback interface: anyone who reaches it could force decisions and "
                                + "delete topics. Turn logins on, bind to 127.0.0.1, or set "
                                + "tandem.security.allow-insecure=true");
                    }
                    log.warn("INSECURE: the console has no login and listens on {} "
                            + "(tandem.security.allow-insecure=true)", address);
                }
                return new InMemoryUserDetailsManager();
            }
            if (properties.users().isEmpty()) {
                throw new IllegalStateException("tandem.security.enabled=true and no user is configured: add the "
                        + "first admin, e.g. TANDEM_SECURITY_USERS_0_NAME=admin, "
                        + "TANDEM_SECURITY_USERS_0_PASSWORD={bcrypt}<hash>, TANDEM_SECURITY_USERS_0_ROLES=admin "
                        + "(see admin-console/README.md, Logins)");
            }
            List<UserDetails> users = properties.users().stream()
                    .map(user -> User.withUsername(user.name())
                            .password(user.password())
                            .authorities(user.roles().stream().map(ConsoleRole::authority).toArray(String[]::new))
                            .build())
                    .toList();
            return new InMemoryUserDetailsManager(users);
        }

        private static boolean isLoopback(String address) {
            if (address == null || address.isBlank()) {
                return false;
            }
            try {
                return InetAddress.getByName(address).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
