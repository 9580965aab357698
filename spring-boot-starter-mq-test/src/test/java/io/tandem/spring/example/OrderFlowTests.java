package io.tandem.spring.example;

import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest
@EmbeddedMqBroker(topics = "Orders", delayLevels = "100ms 100ms 100ms 100ms 100ms 100ms")
class OrderFlowTests {

    @Autowired
    OrderService orders;

    @Autowired
    Invoices invoices;

    @Autowired
    BillingSwitch billing;

    @Autowired
    LargeOrderReview review;

    @Autowired
    OrderStatistics statistics;

    @Autowired
    LoyaltyPoints loyalty;

    @Test
    void placedOrdersAreBilled() {
        orders.placeOrder(new OrderPlaced(42, "alice", new BigDecimal("19.90")));

        await().atMost(Duration.ofSeconds(10)).until(() -> invoices.isBilled(42));
    }

    @Test
    void largeOrdersAreReviewedAndEveryOrderCountsForStatisticsAndPoints() {
        orders.placeOrder(new OrderPlaced(46, "erin", new BigDecimal("1500.00")));
        orders.placeOrder(new OrderPlaced(47, "erin", new BigDecimal("20.00")));

        await().atMost(Duration.ofSeconds(10)).until(() -> review.isUnderReview(46));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> statistics.revenueOf("erin").compareTo(new BigDecimal("1520.00")) == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> loyalty.pointsOf("erin") == 1520);
        assertThat(review.isUnderReview(47)).isFalse();
    }

    @Test
    void ordersPlacedAsynchronouslyAreBilledToo() {
        orders.placeOrderAsync(new OrderPlaced(44, "carol", new BigDecimal("5.00"))).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> invoices.isBilled(44));
    }

    @Test
    void paymentsOfOneOrderShareAQueueAndRemindersAreStored() {
        SendResult first = orders.recordPayment(42, "authorized");
        SendResult second = orders.recordPayment(42, "captured");

        assertThat(second.queue()).isEqualTo(first.queue());
        assertThat(orders.remindLater(new OrderPlaced(42, "alice", BigDecimal.ONE)).status())
                .isEqualTo(SendStatus.SEND_OK);
    }

    @Test
    void ordersPlacedWhileBillingIsPausedAreBilledAfterItResumes() {
        billing.pause();
        assertThat(billing.isPaused()).isTrue();
        orders.placeOrder(new OrderPlaced(45, "dave", new BigDecimal("7.50")));

        billing.resume();

        await().atMost(Duration.ofSeconds(10)).until(() -> invoices.isBilled(45));
    }

    @Test
    void ordersThatCannotBeBilledEndInTheDeadLetterHandler() {
        orders.placeOrder(new OrderPlaced(43, "bob", new BigDecimal("-1")));

        await().atMost(Duration.ofSeconds(20)).until(() -> invoices.isUnbillable(43));
    }
}
