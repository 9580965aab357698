package io.tandem.coordinator.audit;

/**
 * How an audited request ended.
 */
public enum AuditOutcome {
    /** Answered with a 1xx, 2xx or 3xx status: the action was carried out. */
    SUCCEEDED,
    /** Answered with a 4xx status: not signed in (401), not allowed (403), or the request was refused (bad input,
     * unknown half, already decided); nothing changed. */
    REFUSED,
    /** Answered with a 5xx status or ended in an exception: the action may not have been carried out. */
    FAILED;

    /** The outcome of a request answered with {@code status}. */
    public static AuditOutcome ofStatus(int status) {
        if (status >= 500) {
            return FAILED;
        }
        return status >= 400 ? REFUSED : SUCCEEDED;
    }
}
