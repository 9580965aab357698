package io.tandem.coordinator.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may use the HTTP ports ({@code tandem.security.*}): the coordinator's operator API, the admin console's pages
 * and the actuator endpoints other than health.
 *
 * @param enabled               whether logins are required; off only where every listener is on the loopback
 *                              interface, or with {@code allowInsecure}
 * @param allowInsecure         lets a listener bound to a non-loopback address run with {@code enabled=false}
 *                              (warned at every start)
 * @param users                 the users; none: a generated {@code admin} whose password is written to
 *                              {@code generatedPasswordFile} (loopback listeners only)
 * @param generatedPasswordFile where the generated admin password goes (readable by the process's user only)
 * @param requireUsers          refuse to start without configured users (no generated admin); the production
 *                              profiles set it
 */
@ConfigurationProperties("tandem.security")
public record HttpSecurityProperties(@DefaultValue("true") boolean enabled,
                                     @DefaultValue("false") boolean allowInsecure,
                                     @DefaultValue List<User> users,
                                     @DefaultValue("./data/admin-password") Path generatedPasswordFile,
                                     @DefaultValue("false") boolean requireUsers) {

    public HttpSecurityProperties {
        users = List.copyOf(users);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            String at = "tandem.security.users[" + i + "]";
            if (user.name() == null || user.name().isBlank()) {
                throw new IllegalArgumentException(at + ".name is required");
            }
            if (!names.add(user.name())) {
                throw new IllegalArgumentException(at + ".name '" + user.name() + "' is configured twice");
            }
            if (user.password() == null || !user.password().matches("\\{[a-z0-9]+}.+")) {
                throw new IllegalArgumentException(at + ".password of '" + user.name()
                        + "' must name its encoding: {bcrypt}<hash> (or {noop}<password>, for trials only)");
            }
            if (user.roles().isEmpty()) {
                throw new IllegalArgumentException(at + ".roles of '" + user.name()
                        + "' is empty; give one of viewer, operator, admin");
            }
        }
    }

    /**
     * One user.
     *
     * @param name     the login name
     * @param password the password with its encoding prefix, {@code {bcrypt}$2a$...} or {@code {noop}plain}
     * @param roles    viewer, operator, admin (each includes the ones before it)
     */
    public record User(String name, String password, @DefaultValue List<Role> roles) {

        public User {
            roles = List.copyOf(roles);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "User[name=" + name + ", roles=" + roles + "]";
        }
    }
}
