package io.tandem.coordinator.audit;

/**
 * One operator or admin request on the HTTP ports, as kept in the audit trail (table {@code audit_entry}).
 *
 * @param id            row id, null before it is stored
 * @param atMs          when the request arrived (coordinator clock, ms since the epoch)
 * @param actor         who: the signed-in user's name, or {@value AuditedRequest#ANONYMOUS}
 * @param action        what, e.g. {@code FORCE_COMMIT}, {@code FORCE_ROLLBACK}, {@code RESUME}; requests without a
 *                      name of their own are {@code HTTP_<METHOD>}
 * @param target        on what, e.g. {@code half 12 (transaction 7F00...)}, or the path
 * @param reason        the operator's reason where one is required, else null
 * @param outcome       how it ended
 * @param detail        why it was refused or failed, or what it did; null if nothing to add
 * @param remoteAddress from where: the client's address as the server sees it
 * @param httpMethod    the request's method
 * @param path          the request's path, without the query
 * @param status        the HTTP status answered
 * @param instanceId    the coordinator instance that served the request
 */
public record AuditEntry(Long id, long atMs, String actor, String action, String target, String reason,
                         AuditOutcome outcome, String detail, String remoteAddress, String httpMethod, String path,
                         int status, String instanceId) {
}
