package io.tandem.spring.example;

import io.tandem.spring.core.MqTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;

@Service
public class CheckoutService {

    private final JdbcTemplate jdbc;
    private final MqTemplate mq;

    public CheckoutService(JdbcTemplate jdbc, MqTemplate mq) {
        this.jdbc = jdbc;
        this.mq = mq;
    }

    @Transactional
    public void checkout(long orderId, BigDecimal total) {
        jdbc.update("INSERT INTO checkouts (order_id, total) VALUES (?, ?)", orderId, total);
        // Sent as a half message: delivered when this transaction commits, dropped if it rolls back.
        mq.send("Checkouts", new CheckedOut(orderId, total));
        if (total.signum() <= 0) {
            throw new IllegalArgumentException("nothing to pay for order " + orderId);
        }
    }

    @Transactional
    public void checkoutAndReserve(long orderId, BigDecimal total, StockReserved reservation) {
        jdbc.update("INSERT INTO checkouts (order_id, total) VALUES (?, ?)", orderId, total);
        // StockReservations.execute runs in this transaction: the reservation and its message happen only if the
        // whole checkout commits, and only if the listener answered COMMIT.
        mq.sendInTransaction("StockReserved", reservation, null);
        if (total.signum() <= 0) {
            throw new IllegalArgumentException("nothing to pay for order " + orderId);
        }
    }

    public boolean isRecorded(long orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM checkouts WHERE order_id = ?", Integer.class, orderId) > 0;
    }
}
