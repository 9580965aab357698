package io.tandem.spring.example;

import io.tandem.spring.annotation.MqListener;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ships what was checked out and picks what was reserved; kept in memory. */
@Component
public class Shipping {

    private final Set<Long> shipped = ConcurrentHashMap.newKeySet();
    private final Set<String> picked = ConcurrentHashMap.newKeySet();

    @MqListener(topics = "Checkouts", group = "shipping")
    void ship(CheckedOut checkout) {
        shipped.add(checkout.orderId());
    }

    @MqListener(topics = "StockReserved", group = "picking")
    void pick(StockReserved reservation) {
        picked.add(reservation.reservationId());
    }

    public boolean isShipped(long orderId) {
        return shipped.contains(orderId);
    }

    public boolean isPicked(String reservationId) {
        return picked.contains(reservationId);
    }
}
