package io.tandem.samples.ledger;

import io.tandem.client.producer.TransactionState;
import io.tandem.spring.annotation.MqTransactionListener;
import io.tandem.spring.transaction.MqLocalTransactionListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The local transaction of a deposit: {@code mq.sendInTransaction("Deposits", deposit, null)} stores the
 * {@link DepositReceived} message as a half message, then {@link #execute} books the deposit; the message is
 * delivered only if that committed. A deposit id booked before answers ROLLBACK, so a repeated request publishes
 * nothing and credits nothing.
 */
@MqTransactionListener(topics = DepositReceived.TOPIC)
public class Deposits implements MqLocalTransactionListener<DepositReceived> {

    private final JdbcClient jdbc;
    private final Book book;
    private final TransactionTemplate transaction;

    public Deposits(JdbcClient jdbc, Book book, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.book = book;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public TransactionState execute(Message<DepositReceived> message, Object arg) {
        DepositReceived deposit = message.getPayload();
        try {
            return transaction.execute(status -> {
                jdbc.sql("INSERT INTO deposits (deposit_id, account, amount) VALUES (?, ?, ?)")
                        .params(deposit.depositId(), deposit.account(), deposit.amount())
                        .update();
                book.credit(deposit.account(), deposit.amount());
                return TransactionState.COMMIT;
            });
        } catch (DuplicateKeyException bookedBefore) {
            return TransactionState.ROLLBACK;
        }
    }

    @Override
    public TransactionState check(Message<DepositReceived> message) {
        // Asked only when execute's answer was lost: the committed row tells.
        boolean booked = jdbc.sql("SELECT COUNT(*) FROM deposits WHERE deposit_id = ?")
                .param(message.getPayload().depositId())
                .query(Integer.class).single() > 0;
        return booked ? TransactionState.COMMIT : TransactionState.ROLLBACK;
    }
}
