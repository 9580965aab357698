package io.tandem.spring.example;

import io.tandem.spring.annotation.MqListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
public class LoyaltyPoints {

    private final JdbcClient jdbc;

    public LoyaltyPoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
        jdbc.sql("CREATE TABLE IF NOT EXISTS loyalty_points (customer VARCHAR(64), order_id BIGINT, points INT)")
                .update();
    }

    // Runs in one transaction with the record of the message: an order delivered twice earns its points once.
    @MqListener(topics = "Orders", selector = "placed", group = "loyalty", idempotent = true)
    public void onOrderPlaced(OrderPlaced order) {
        jdbc.sql("INSERT INTO loyalty_points (customer, order_id, points) VALUES (?, ?, ?)")
                .params(order.customer(), order.orderId(), order.amount().intValue())
                .update();
    }

    public int pointsOf(String customer) {
        return jdbc.sql("SELECT COALESCE(SUM(points), 0) FROM loyalty_points WHERE customer = ?")
                .param(customer)
                .query(Integer.class)
                .single();
    }
}
