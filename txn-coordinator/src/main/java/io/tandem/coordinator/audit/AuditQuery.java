package io.tandem.coordinator.audit;

/**
 * Which audit entries to read, newest first: every filter is optional (null), the page is zero-based.
 *
 * @param actor  only this actor's
 * @param action only this action's
 * @param fromMs only at or after (ms since the epoch)
 * @param toMs   only before (ms since the epoch)
 * @param page   the page number, from 0
 * @param size   entries per page, 1 to {@value #MAX_SIZE}
 */
public record AuditQuery(String actor, String action, Long fromMs, Long toMs, int page, int size) {

    /** The largest page. */
    public static final int MAX_SIZE = 1000;

    public AuditQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", was " + size);
        }
        if (fromMs != null && toMs != null && fromMs > toMs) {
            throw new IllegalArgumentException("from must not be after to");
        }
    }
}
