package io.tandem.coordinator.audit;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.Optional;

/**
 * What the handler of an audited request adds to its audit entry: a sharper name for the action and its target, the
 * operator's reason, the answer's message. {@link AuditFilter} opens one per audited request and writes the entry
 * when the request ends; a request refused before its handler ran keeps what the filter derived from the path.
 *
 * <p>Not thread-safe: used by the thread that serves the request.
 */
public final class AuditedRequest {

    /** The actor of a request that was not signed in. */
    public static final String ANONYMOUS = "anonymous";

    static final String ATTRIBUTE = AuditedRequest.class.getName();

    private String action;
    private String target;
    private String reason;
    private String detail;
    private String claimedActor;

    AuditedRequest(String action, String target) {
        this.action = action;
        this.target = target;
    }

    /**
     * The audited request the current thread serves, if any: empty outside a request or for requests that are not
     * audited (reads).
     */
    public static Optional<AuditedRequest> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((AuditedRequest) attributes.getAttribute(ATTRIBUTE,
                RequestAttributes.SCOPE_REQUEST));
    }

    /** Names what the request does, e.g. {@code FORCE_COMMIT}. */
    public AuditedRequest action(String name) {
        this.action = name;
        return this;
    }

    /** Names what the request acts on, e.g. {@code half 12 (transaction 7F00...)}. */
    public AuditedRequest target(String description) {
        this.target = description;
        return this;
    }

    /** The reason the operator gave. */
    public AuditedRequest reason(String text) {
        this.reason = text;
        return this;
    }

    /** What the answer said: why it was refused or failed, or what was done. */
    public AuditedRequest detail(String text) {
        this.detail = text;
        return this;
    }

    /**
     * The name an unauthenticated caller gave for itself (logins off); kept in the detail, never as the actor, since
     * nothing verified it.
     */
    public AuditedRequest claimedActor(String name) {
        this.claimedActor = name;
        return this;
    }

    String action() {
        return action;
    }

    String target() {
        return target;
    }

    String reason() {
        return reason;
    }

    String detail() {
        return detail;
    }

    String claimedActor() {
        return claimedActor;
    }
}
