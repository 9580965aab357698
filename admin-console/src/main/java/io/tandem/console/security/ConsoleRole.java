package io.tandem.console.security;

/**
 * What a signed-in user may do in the console; each role includes the ones before it. The authority names are the
 * coordinator's ({@code ROLE_VIEWER}, {@code ROLE_OPERATOR}, {@code ROLE_ADMIN}), so inside tandem-app the users of
 * {@code tandem.security.users} carry them unchanged.
 */
public enum ConsoleRole {
    /** Reads every page. */
    VIEWER,
    /** Forces a commit or a rollback, resumes a parked half, resets offsets, skips a backlog, resends dead letters. */
    OPERATOR,
    /** Creates, updates and deletes topics, and everything else that changes the cluster. */
    ADMIN;

    /** The authority name Spring Security checks, {@code ROLE_<NAME>}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The names of this role and of every role that includes it, for {@code hasAnyRole}. */
    String[] andAbove() {
        ConsoleRole[] all = values();
        String[] names = new String[all.length - ordinal()];
        for (int i = ordinal(); i < all.length; i++) {
            names[i - ordinal()] = all[i].name();
        }
        return names;
    }
}
