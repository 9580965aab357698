package io.tandem.samples.ledger;

import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.support.MqHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Credits the target account of every debited transfer exactly once. Delivery is at least once (a crash after the
 * credit's commit but before the consumed offset was committed delivers the transfer again), so the credit and a row
 * in {@code processed_transfers} keyed by the transfer id commit in one local transaction: a repeated delivery finds
 * the row, credits nothing, and is counted in {@code absorbed_duplicates}.
 */
@Component
public class Credits {

    private static final Logger log = LoggerFactory.getLogger(Credits.class);

    private final JdbcClient jdbc;
    private final Book book;
    private final TransactionTemplate transaction;

    public Credits(JdbcClient jdbc, Book book, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.book = book;
        this.transaction = new TransactionTemplate(transactions);
    }

    // Four calls at once: a first credit of an account takes a second connection (Book's own transaction), and the
    // pool has ten.
    @MqListener(id = "credits", topics = "Transfers", selector = "debited", group = "ledger", concurrency = "4")
    public void onDebited(TransferDebited transfer, @Header(MqHeaders.MESSAGE_ID) String messageId) {
        try {
            transaction.executeWithoutResult(status -> {
                // First: a second delivery of this transfer stops here (or waits here while the first one runs).
                jdbc.sql("INSERT INTO processed_transfers (transfer_id, message_id) VALUES (?, ?)")
                        .params(transfer.transferId(), messageId)
                        .update();
                book.credit(transfer.to(), transfer.amount());
            });
        } catch (DuplicateKeyException alreadyCredited) {
            jdbc.sql("INSERT INTO absorbed_duplicates (transfer_id, message_id) VALUES (?, ?)")
                    .params(transfer.transferId(), messageId)
                    .update();
            log.info("transfer {} was already credited; delivery of message {} ignored", transfer.transferId(),
                    messageId);
        }
    }
}
