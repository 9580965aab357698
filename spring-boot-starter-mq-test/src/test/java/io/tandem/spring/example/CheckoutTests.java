package io.tandem.spring.example;

import io.tandem.client.producer.TransactionState;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTransactionFaults;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

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

    @Autowired
    StockReservations reservations;

    @Autowired
    JdbcTemplate jdbc;

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
        stock("sku-7", 5);

        var result = mq.sendInTransaction("StockReserved", new StockReserved("r-1", "sku-7", 2), null);

        assertThat(result.state()).isEqualTo(TransactionState.COMMIT);
        assertThat(reservations.isReserved("r-1")).isTrue();
        assertThat(available("sku-7")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> shipping.isPicked("r-1"));
    }

    @Test
    void aReservationWithoutEnoughStockIsRolledBack() {
        stock("sku-8", 1);

        var result = mq.sendInTransaction("StockReserved", new StockReserved("r-2", "sku-8", 2), null);

        assertThat(result.state()).isEqualTo(TransactionState.ROLLBACK);
        assertThat(reservations.isReserved("r-2")).isFalse();
        assertThat(available("sku-8")).isEqualTo(1);
    }

    @Test
    void aReservationInsideACheckoutCommitsWithIt() {
        stock("sku-9", 5);

        checkouts.checkoutAndReserve(10, new BigDecimal("3.00"), new StockReserved("r-3", "sku-9", 2));

        assertThat(checkouts.isRecorded(10)).isTrue();
        assertThat(reservations.isReserved("r-3")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> shipping.isPicked("r-3"));
    }

    @Test
    void aReservationInsideACheckoutThatFailsIsRolledBackWithIt() {
        stock("sku-10", 5);

        assertThatThrownBy(() -> checkouts.checkoutAndReserve(11, BigDecimal.ZERO,
                new StockReserved("r-4", "sku-10", 2)))
                .isInstanceOf(IllegalArgumentException.class);

        // The listener said COMMIT, but inside the checkout's transaction: its rows and its message went with it.
        assertThat(checkouts.isRecorded(11)).isFalse();
        assertThat(reservations.isReserved("r-4")).isFalse();
        assertThat(available("sku-10")).isEqualTo(5);
    }

    private void stock(String sku, int available) {
        jdbc.update("INSERT INTO stock (sku, available) VALUES (?, ?)", sku, available);
    }

    private int available(String sku) {
        return jdbc.queryForObject("SELECT available FROM stock WHERE sku = ?", Integer.class, sku);
    }
}
