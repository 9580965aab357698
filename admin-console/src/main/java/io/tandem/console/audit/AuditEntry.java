package io.tandem.console.audit;

/**
 * One change made through the console.
 *
 * @param atMs    when (ms since the epoch)
 * @param actor   who: the operator's name when the form asked for it, else the requesting address
 * @param action  what, e.g. {@code topic.delete}, {@code offsets.reset}, {@code dlq.resend}, {@code transaction.commit}
 * @param target  on what: a topic, a group, a message id, a half
 * @param detail  the parameters and the reason, for a person
 * @param outcome {@code done}, or what went wrong
 */
public record AuditEntry(long atMs, String actor, String action, String target, String detail, String outcome) {
}
