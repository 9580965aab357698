package io.tandem.coordinator.security;

/**
 * What a user of the HTTP ports may do; each role includes the ones before it.
 */
public enum Role {
    /** Reads: halves, statistics, the audit trail, the console's pages. */
    VIEWER,
    /** Acts: force a commit or a rollback, resume a parked half, the console's changes; always with a reason. */
    OPERATOR,
    /** Administers: users and settings. */
    ADMIN;

    /** The authority name Spring Security checks, {@code ROLE_<NAME>}. */
    public String authority() {
        return "ROLE_" + name();
    }
}
