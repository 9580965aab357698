package io.tandem.samples.notifications;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Set;

/**
 * {@code samples.notifications.closed-mailboxes}: accounts whose mailbox refuses every notice, standing in for a mail
 * server that bounces; their notices fail, are retried and end in the dead-letter queue.
 */
@ConfigurationProperties("samples.notifications")
public record MailboxProperties(Set<String> closedMailboxes) {

    public MailboxProperties {
        closedMailboxes = closedMailboxes == null ? Set.of() : Set.copyOf(closedMailboxes);
    }
}
