package io.tandem.spring.example;

import io.tandem.spring.annotation.MqDlqHandler;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.support.MqHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

@Component
public class BillingListener {

    private final Invoices invoices;

    public BillingListener(Invoices invoices) {
        this.invoices = invoices;
    }

    @MqListener(id = "billing", topics = "Orders", selector = "placed", group = "billing",
            concurrency = "4", maxReconsumeTimes = "2")
    public void onOrderPlaced(OrderPlaced order, @Header(MqHeaders.MESSAGE_ID) String messageId) {
        invoices.create(order, messageId);      // throwing retries the message later
    }

    @MqDlqHandler
    public void onUnbillable(OrderPlaced order, @Header(MqHeaders.RECONSUME_TIMES) int failedDeliveries) {
        invoices.markUnbillable(order.orderId(), failedDeliveries);
    }
}
