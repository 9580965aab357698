package io.tandem.spring.example;

import io.tandem.client.SendResult;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.support.MqHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

@Service
public class OrderService {

    private final MqTemplate mq;

    public OrderService(MqTemplate mq) {
        this.mq = mq;
    }

    public void placeOrder(OrderPlaced order) {
        // Topic "Orders", tag "placed", the order id as key (searchable on the broker), the order as JSON.
        mq.send("Orders:placed", MessageBuilder.withPayload(order)
                .setHeader(MqHeaders.KEYS, "order-" + order.orderId())
                .setHeader("amount", order.amount())     // a user property, which SQL92 selectors can test
                .build());
    }

    public CompletableFuture<SendResult> placeOrderAsync(OrderPlaced order) {
        return mq.sendAsync("Orders:placed", order);
    }

    public SendResult recordPayment(long orderId, String payment) {
        // Every message of one order goes to the same queue, so an orderly listener sees them in this order.
        return mq.sendOrderly("Payments", payment, "order-" + orderId);
    }

    public SendResult remindLater(OrderPlaced order) {
        return mq.sendDelayed("Reminders", order, Duration.ofMinutes(30));
    }
}
