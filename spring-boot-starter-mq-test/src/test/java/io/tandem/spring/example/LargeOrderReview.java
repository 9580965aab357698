package io.tandem.spring.example;

import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.listener.SelectorType;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

@Component
public class LargeOrderReview {

    private final Set<Long> underReview = ConcurrentHashMap.newKeySet();

    // Only placed orders of 1000 or more reach this method; the broker leaves the others out.
    @MqListener(topics = "Orders", group = "large-orders", selectorType = SelectorType.SQL92,
            selector = "TAGS = 'placed' AND amount >= 1000")
    public void onLargeOrder(OrderPlaced order) {
        underReview.add(order.orderId());
    }

    public boolean isUnderReview(long orderId) {
        return underReview.contains(orderId);
    }
}
