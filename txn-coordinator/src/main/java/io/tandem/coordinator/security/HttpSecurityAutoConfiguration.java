package io.tandem.coordinator.security;

import io.tandem.coordinator.api.TransactionController;
import io.tandem.coordinator.audit.AuditFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Logins on the HTTP ports ({@link HttpSecurityProperties}, {@code tandem.security.*}): HTTP Basic for the
 * coordinator's API under {@code /tandem/}, a form login (and Basic) for every other page (the admin console), and
 * for the actuator endpoints health open, everything else for signed-in users. Reading needs {@link Role#VIEWER},
 * any other method {@link Role#OPERATOR}; admin includes operator, operator includes viewer.
 *
 * <p>With no user configured, an {@code admin} with a generated password is created and the password written to
 * {@code tandem.security.generated-password-file} (never logged); that is refused unless every HTTP listener is
 * on the loopback interface. With {@code tandem.security.enabled=false} everything is open, which
 * {@link ListenerSafety} refuses on non-loopback listeners unless {@code tandem.security.allow-insecure=true}.
 *
 * <p>Every chain, open ones included, runs the coordinator's {@link AuditFilter} (when the coordinator is on) right
 * after the security context is loaded: each request that may change something is written to the audit trail with
 * its user and outcome, refused ones (401, 403) included.
 *
 * <p>Active where Spring Security is on the class path: the standalone coordinator and tandem-app have it; an
 * application that only tests with the coordinator does not get it from this module (the dependency is optional).
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.security.web.SecurityFilterChain")
@EnableConfigurationProperties(HttpSecurityProperties.class)
@EnableWebSecurity
public final class HttpSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HttpSecurityAutoConfiguration.class);

    /** The login name of the generated user. */
    public static final String GENERATED_ADMIN = "admin";

    private static final String FIRST_ADMIN = "e.g. TANDEM_SECURITY_USERS_0_NAME=admin, "
            + "TANDEM_SECURITY_USERS_0_PASSWORD={bcrypt}<hash>, TANDEM_SECURITY_USERS_0_ROLES=admin "
            + "(see the README: creating the first admin)";

    @Bean
    ListenerSafety tandemListenerSafety(HttpSecurityProperties properties, Environment environment) {
        ListenerSafety safety = ListenerSafety.of(environment);
        safety.check(properties);
        return safety;
    }

    @Bean
    PasswordEncoder tandemPasswordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService tandemUsers(HttpSecurityProperties properties, ListenerSafety safety) {
        if (!properties.enabled()) {
            return new InMemoryUserDetailsManager();
        }
        List<UserDetails> users = new ArrayList<>();
        for (HttpSecurityProperties.User user : properties.users()) {
            if (user.password().startsWith("{noop}")) {
                log.warn("User '{}' has a {{noop}} password, kept in plain text in the configuration; "
                        + "use a {{bcrypt}} hash outside trials", user.name());
            }
            users.add(User.withUsername(user.name())
                    .password(user.password())
                    .authorities(user.roles().stream().map(Role::authority).toArray(String[]::new))
                    .build());
        }
        if (users.isEmpty()) {
            if (properties.requireUsers()) {
                throw new IllegalStateException("No user is configured and tandem.security.require-users=true: "
                        + "configure the first admin, " + FIRST_ADMIN);
            }
            users.add(generatedAdmin(properties.generatedPasswordFile(), safety));
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    static RoleHierarchy tandemRoleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name()).implies(Role.OPERATOR.name())
                .role(Role.OPERATOR.name()).implies(Role.VIEWER.name())
                .build();
    }

    /** The coordinator's API: HTTP Basic, no session, no CSRF token (no cookie authenticates it). */
    @Bean
    @Order(1)
    SecurityFilterChain tandemApiSecurity(HttpSecurity http, HttpSecurityProperties properties,
                                          ObjectProvider<AuditFilter> audit) throws Exception {
        http.securityMatcher("/tandem/**");
        audited(http, audit);
        if (!properties.enabled()) {
            return open(http);
        }
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/tandem/**").hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.HEAD, "/tandem/**").hasRole(Role.VIEWER.name())
                        .requestMatchers(TransactionController.BASE_PATH + "/**").hasRole(Role.OPERATOR.name())
                        .anyRequest().hasRole(Role.ADMIN.name()))
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** Actuator endpoints: health open, the rest for signed-in users (HTTP Basic). */
    @Bean
    @Order(2)
    SecurityFilterChain tandemActuatorSecurity(HttpSecurity http, HttpSecurityProperties properties,
                                               ObjectProvider<AuditFilter> audit) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint());
        audited(http, audit);
        if (!properties.enabled()) {
            return open(http);
        }
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().hasRole(Role.VIEWER.name()))
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** Every other page (the admin console): a form login, CSRF tokens on every change. */
    @Bean
    @Order(3)
    SecurityFilterChain tandemPageSecurity(HttpSecurity http, HttpSecurityProperties properties,
                                           ObjectProvider<AuditFilter> audit) throws Exception {
        audited(http, audit);
        if (!properties.enabled()) {
            return open(http);
        }
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/**").hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.HEAD, "/**").hasRole(Role.VIEWER.name())
                        .anyRequest().hasRole(Role.OPERATOR.name()))
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .build();
    }

    private static void audited(HttpSecurity http, ObjectProvider<AuditFilter> audit) {
        audit.ifAvailable(filter -> http.addFilterAfter(filter, SecurityContextHolderFilter.class));
    }

    private static SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    private static UserDetails generatedAdmin(Path file, ListenerSafety safety) {
        if (!safety.loopbackOnly()) {
            throw new IllegalStateException("No user is configured (tandem.security.users) and an HTTP listener is "
                    + "bound to " + safety.exposedAddresses() + ", beyond the loopback interface: configure the "
                    + "first admin, " + FIRST_ADMIN);
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Files.deleteIfExists(absolute);
            try {
                Files.createFile(absolute, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(absolute);
            }
            Files.writeString(absolute, password + System.lineSeparator());
            log.warn("No user is configured (tandem.security.users): created user '{}' with a generated password, "
                    + "written to {} (readable by this account only; a new one at every start). Configure users "
                    + "before exposing the HTTP ports.", GENERATED_ADMIN, absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the generated admin password to " + file
                    + "; configure tandem.security.users instead", e);
        }
        return User.withUsername(GENERATED_ADMIN)
                .password("{bcrypt}" + new BCryptPasswordEncoder().encode(password))
                .authorities(Role.ADMIN.authority())
                .build();
    }
}
