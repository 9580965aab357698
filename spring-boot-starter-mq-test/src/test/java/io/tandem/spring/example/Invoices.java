package io.tandem.spring.example;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The example's billing store: invoices by order id, kept in memory. */
@Component
public class Invoices {

    private final Map<Long, String> invoiceByOrder = new ConcurrentHashMap<>();
    private final Map<Long, Integer> unbillable = new ConcurrentHashMap<>();

    public void create(OrderPlaced order, String messageId) {
        if (order.amount().signum() < 0) {
            throw new IllegalArgumentException("negative amount in order " + order.orderId());
        }
        invoiceByOrder.putIfAbsent(order.orderId(), messageId);
    }

    public void markUnbillable(long orderId, int attempts) {
        unbillable.put(orderId, attempts);
    }

    public boolean isBilled(long orderId) {
        return invoiceByOrder.containsKey(orderId);
    }

    public boolean isUnbillable(long orderId) {
        return unbillable.containsKey(orderId);
    }
}
