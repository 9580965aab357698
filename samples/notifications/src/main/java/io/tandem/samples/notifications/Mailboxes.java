package io.tandem.samples.notifications;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where notices go: the {@code notices} table stands in for a mail server. A notice to a closed mailbox fails with
 * {@link MailboxClosedException} and is counted (since the start); a notice delivered again (at-least-once delivery)
 * is kept once.
 */
@Component
public class Mailboxes {

    private final JdbcClient jdbc;
    private final MailboxProperties properties;
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();

    public Mailboxes(JdbcClient jdbc, MailboxProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public void deliver(String transferId, String account, String text) {
        if (properties.closedMailboxes().contains(account)) {
            refusals.computeIfAbsent(account, closed -> new AtomicInteger()).incrementAndGet();
            throw new MailboxClosedException(account);
        }
        jdbc.sql("""
                        INSERT INTO notices (transfer_id, account, text)
                        SELECT ?, ?, ? WHERE NOT EXISTS
                            (SELECT 1 FROM notices WHERE transfer_id = ? AND account = ?)""")
                .params(transferId, account, text, transferId, account)
                .update();
    }

    public List<String> notices(String account) {
        return jdbc.sql("SELECT text FROM notices WHERE account = ? ORDER BY sent_at, transfer_id").param(account)
                .query(String.class).list();
    }

    /** How many notices the account's mailbox refused since the service started. */
    public int refusals(String account) {
        AtomicInteger count = refusals.get(account);
        return count == null ? 0 : count.get();
    }

    /** A notice that could not be delivered: a mailbox refused it. */
    public static class MailboxClosedException extends RuntimeException {

        public MailboxClosedException(String account) {
            super("the mailbox of " + account + " refuses notices");
        }
    }
}
