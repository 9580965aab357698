package io.tandem.samples.notifications;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /notices/{account}}: the notices an account received; {@code GET /refusals/{account}}: how many its
 * mailbox refused since the start; {@code GET /undeliverable}: the notices given up.
 */
@RestController
public class NoticeController {

    private final Mailboxes mailboxes;
    private final JdbcClient jdbc;

    public NoticeController(Mailboxes mailboxes, JdbcClient jdbc) {
        this.mailboxes = mailboxes;
        this.jdbc = jdbc;
    }

    @GetMapping("/notices/{account}")
    public List<String> notices(@PathVariable String account) {
        return mailboxes.notices(account);
    }

    @GetMapping("/refusals/{account}")
    public Map<String, Object> refusals(@PathVariable String account) {
        return Map.of("account", account, "refusals", mailboxes.refusals(account));
    }

    @GetMapping("/undeliverable")
    public List<Map<String, Object>> undeliverable() {
        return jdbc.sql("SELECT transfer_id, account, failed_deliveries FROM undeliverable ORDER BY transfer_id")
                .query((row, number) -> Map.<String, Object>of("transferId", row.getString(1),
                        "account", row.getString(2), "failedDeliveries", row.getInt(3)))
                .list();
    }
}
