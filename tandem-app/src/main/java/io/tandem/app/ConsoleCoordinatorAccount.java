package io.tandem.app;

import io.tandem.console.cluster.CoordinatorCredentials;
import io.tandem.coordinator.api.TransactionController;
import io.tandem.coordinator.security.Role;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.UserDetailsManager;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The account the embedded admin console signs in to this process's coordinator API with, when logins are on: the
 * user {@value #NAME} with the operator role and the right to act on behalf of the console's signed-in user
 * ({@link TransactionController#ON_BEHALF_ROLE}), so that the coordinator records that user's name. Its password is
 * random, made at every start and held in memory only: nobody can sign in with it from outside.
 *
 * <p>Design note: the console checks its own users' roles before it calls (viewers cannot force decisions), so one
 * account with the operator role is enough; forwarding each user's password is impossible with a form login (the
 * password is not kept after it), and a token service would be a second login system.
 */
final class ConsoleCoordinatorAccount {

    /** The account's user name. */
    static final String NAME = "tandem-console";

    /**
     * bcrypt cost of the random password: 128 random bits need no stretching, and every call of the console to the
     * coordinator checks it.
     */
    private static final int BCRYPT_COST = 4;

    private final CoordinatorCredentials credentials;

    private ConsoleCoordinatorAccount(CoordinatorCredentials credentials) {
        this.credentials = credentials;
    }

    /** No account: the coordinator asks for no login. */
    static ConsoleCoordinatorAccount none() {
        return new ConsoleCoordinatorAccount(null);
    }

    /**
     * Creates the account in {@code users}.
     *
     * @throws IllegalStateException if the users cannot take another user, or one is already called {@value #NAME}
     */
    static ConsoleCoordinatorAccount createIn(UserDetailsService users) {
        if (!(users instanceof UserDetailsManager manager)) {
            throw new IllegalStateException("the admin console needs an account at the coordinator, but the "
                    + "application's users (" + users.getClass().getName() + ") cannot take one");
        }
        if (manager.userExists(NAME)) {
            throw new IllegalStateException("tandem.security.users names a user '" + NAME + "', the name of the "
                    + "admin console's own account at the coordinator: rename that user");
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        manager.createUser(User.withUsername(NAME)
                .password("{bcrypt}" + new BCryptPasswordEncoder(BCRYPT_COST).encode(password))
                .authorities(Role.OPERATOR.authority(), "ROLE_" + TransactionController.ON_BEHALF_ROLE)
                .build());
        return new ConsoleCoordinatorAccount(new CoordinatorCredentials(NAME, password));
    }

    Optional<CoordinatorCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }
}
