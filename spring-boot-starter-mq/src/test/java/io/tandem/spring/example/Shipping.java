package io.tandem.spring.example;

import io.tandem.spring.annotation.MqListener;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ships what was checked out; kept in memory. */
@Component
public class Shipping {

    private final Set<Long> shipped = ConcurrentHashMap.newKeySet();

    @MqListener(topics = "Checkouts", group = "shipping")
    void ship(CheckedOut checkout) {
        shipped.add(checkout.orderId());
    }

    public boolean isShipped(long orderId) {
        return shipped.contains(orderId);
    }
}
