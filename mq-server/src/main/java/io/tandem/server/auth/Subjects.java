package io.tandem.server.auth;

/** Subject keys of ACLs: only users exist as subjects, {@code User:<name>}. */
final class Subjects {

    static final String USER_PREFIX = "User:";

    private Subjects() {
    }

    static String of(String username) {
        return USER_PREFIX + username;
    }

    /**
     * The username of a subject key.
     *
     * @throws IllegalArgumentException if the key is not {@code User:<name>}
     */
    static String username(String subject) {
        if (subject == null || !subject.regionMatches(true, 0, USER_PREFIX, 0, USER_PREFIX.length())
                || subject.length() == USER_PREFIX.length()) {
            throw new IllegalArgumentException("the subject must be User:<name>: '" + Printable.of(subject) + "'");
        }
        return subject.substring(USER_PREFIX.length());
    }
}
