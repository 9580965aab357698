package io.tandem.spring.example;

import io.tandem.client.producer.TransactionState;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTransactionFaults;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SpringBootTest
@EmbeddedMqBroker(topics = {"Checkouts", "StockReserved"}, transactionTimeout = "1s")
class CheckoutTests {

    @Autowired
    CheckoutService checkouts;

    @Autowired
    Shipping shipping;

    @Autowired
    MqTransactionFaults faults;

    @Autowired
    MqTemplate mq;

    @Test
    void committedCheckoutsAreShipped() {
        checkouts.checkout(7, new BigDecimal("10.00"));

        await().atMost(Duration.ofSeconds(10)).until(() -> shipping.isShipped(7));
    }

    @Test
    void checkoutsThatFailAreNeverShipped() {
        assertThatThrownBy(() -> checkouts.checkout(8, BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(checkouts.isRecorded(8)).isFalse();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !shipping.isShipped(8));
    }

    @Test
    void aCrashBetweenTheCommitAndEndTransactionIsRepairedByTheCheckBack() {
        faults.crashBeforeEndTransaction(1);

        checkouts.checkout(9, new BigDecimal("5.00"));

        // END_TRANSACTION never left; the broker asks after 1 s and the transaction log answers COMMIT.
        assertThat(faults.crashes()).hasSize(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> shipping.isShipped(9));
    }

    @Test
    void stockReservationsRunTheirLocalTransactionInTheListener() {
        var result = mq.sendInTransaction("StockReserved", new StockReserved("r-1", "sku-7", 2), null);

        assertThat(result.state()).isEqualTo(TransactionState.COMMIT);
    }
}
