package io.tandem.spring.example;

import io.tandem.spring.annotation.MqListener;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

@Component
public class OrderStatistics {

    private final Map<String, BigDecimal> revenueByCustomer = new ConcurrentHashMap<>();

    // Up to 20 orders per call; throwing would send all of them back to be retried.
    @MqListener(topics = "Orders", selector = "placed", group = "order-statistics", batch = true, batchSize = "20")
    public void onOrders(List<OrderPlaced> orders) {
        for (OrderPlaced order : orders) {
            revenueByCustomer.merge(order.customer(), order.amount(), BigDecimal::add);
        }
    }

    public BigDecimal revenueOf(String customer) {
        return revenueByCustomer.getOrDefault(customer, BigDecimal.ZERO);
    }
}
