package io.tandem.spring.example;

import io.tandem.client.producer.TransactionState;
import io.tandem.spring.annotation.MqTransactionListener;
import io.tandem.spring.transaction.MqLocalTransactionListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;

@MqTransactionListener(topics = "StockReserved")
public class StockReservations implements MqLocalTransactionListener<StockReserved> {

    private final JdbcTemplate jdbc;

    public StockReservations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public TransactionState execute(Message<StockReserved> message, Object arg) {
        StockReserved reservation = message.getPayload();
        jdbc.update("INSERT INTO reservations (id, sku, quantity) VALUES (?, ?, ?)",
                reservation.reservationId(), reservation.sku(), reservation.quantity());
        return TransactionState.COMMIT;
    }

    @Override
    public TransactionState check(Message<StockReserved> message) {
        // Asked only when the answer above was lost: the row tells.
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM reservations WHERE id = ?", Integer.class,
                message.getPayload().reservationId());
        return rows > 0 ? TransactionState.COMMIT : TransactionState.ROLLBACK;
    }
}
