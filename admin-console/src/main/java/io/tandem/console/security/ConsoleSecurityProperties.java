package io.tandem.console.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The logins of the console run on its own ({@code tandem.security.*}, the same names as tandem-app's, where the
 * application's users are used instead and this is not bound).
 *
 * @param enabled       whether the console asks for a login; off only on a loopback listener, or with
 *                      {@code allowInsecure}
 * @param allowInsecure lets the console run without logins on a listener beyond the loopback interface
 * @param users         who may sign in; required when {@code enabled}
 */
@ConfigurationProperties("tandem.security")
public record ConsoleSecurityProperties(@DefaultValue("true") boolean enabled,
                                        @DefaultValue("false") boolean allowInsecure,
                                        @DefaultValue List<User> users) {

    /** @throws IllegalArgumentException naming the user setting that is wrong */
    public ConsoleSecurityProperties {
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
    public record User(String name, String password, @DefaultValue List<ConsoleRole> roles) {

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
