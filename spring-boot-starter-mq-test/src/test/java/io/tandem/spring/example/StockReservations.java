package io.tandem.spring.example;

import io.tandem.client.producer.TransactionState;
import io.tandem.spring.annotation.MqTransactionListener;
import io.tandem.spring.transaction.MqLocalTransactionListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@MqTransactionListener(topics = "StockReserved")
public class StockReservations implements MqLocalTransactionListener<StockReserved> {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public StockReservations(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public TransactionState execute(Message<StockReserved> message, Object arg) {
        StockReserved reservation = message.getPayload();
        // Joins the caller's transaction if there is one (the message then waits for its commit), else begins one.
        return transaction.execute(status -> {
            int taken = jdbc.update("UPDATE stock SET available = available - ? WHERE sku = ? AND available >= ?",
                    reservation.quantity(), reservation.sku(), reservation.quantity());
            if (taken == 0) {
                return TransactionState.ROLLBACK;       // not enough stock: the message is dropped
            }
            jdbc.update("INSERT INTO reservations (id, sku, quantity) VALUES (?, ?, ?)",
                    reservation.reservationId(), reservation.sku(), reservation.quantity());
            return TransactionState.COMMIT;
        });
    }

    @Override
    public TransactionState check(Message<StockReserved> message) {
        // Asked only when the answer above was lost: the committed row tells.
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM reservations WHERE id = ?", Integer.class,
                message.getPayload().reservationId());
        return rows > 0 ? TransactionState.COMMIT : TransactionState.ROLLBACK;
    }

    public boolean isReserved(String reservationId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM reservations WHERE id = ?", Integer.class,
                reservationId) > 0;
    }
}
