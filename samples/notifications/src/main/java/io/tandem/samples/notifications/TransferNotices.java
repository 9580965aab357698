package io.tandem.samples.notifications;

import io.tandem.spring.annotation.MqDlqHandler;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.support.MqHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Tells the receiver of every debited transfer. A notice that fails (a closed mailbox) makes the listener throw, so
 * the broker delivers the transfer again after its back-off; after {@code maxReconsumeTimes} further failures it is
 * moved to the dead-letter queue {@code %DLQ%notifications}, where {@link #onUndeliverable} records it.
 */
@Component
public class TransferNotices {

    private static final Logger log = LoggerFactory.getLogger(TransferNotices.class);

    private final Mailboxes mailboxes;
    private final JdbcClient jdbc;

    public TransferNotices(Mailboxes mailboxes, JdbcClient jdbc) {
        this.mailboxes = mailboxes;
        this.jdbc = jdbc;
    }

    @MqListener(id = "notices", topics = "Transfers", selector = "debited", group = "notifications",
            maxReconsumeTimes = "${samples.notifications.max-retries:2}")
    public void onDebited(TransferDebited transfer, @Header(MqHeaders.RECONSUME_TIMES) int failedDeliveries) {
        if (failedDeliveries > 0) {
            log.info("notice of transfer {}: attempt {}", transfer.transferId(), failedDeliveries + 1);
        }
        mailboxes.deliver(transfer.transferId(), transfer.to(),
                "you received " + transfer.amount().toPlainString() + " from " + transfer.from()
                        + " (transfer " + transfer.transferId() + ")");
    }

    @MqDlqHandler
    public void onUndeliverable(TransferDebited transfer, @Header(MqHeaders.RECONSUME_TIMES) int failedDeliveries) {
        log.warn("notice of transfer {} to {} given up after {} failed deliveries", transfer.transferId(),
                transfer.to(), failedDeliveries);
        jdbc.sql("""
                        INSERT INTO undeliverable (transfer_id, account, failed_deliveries)
                        SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM undeliverable WHERE transfer_id = ?)""")
                .params(transfer.transferId(), transfer.to(), failedDeliveries, transfer.transferId())
                .update();
    }
}
