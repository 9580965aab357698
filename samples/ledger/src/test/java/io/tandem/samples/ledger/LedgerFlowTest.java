package io.tandem.samples.ledger;

import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.listener.ConsumeMode;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger against an embedded broker: a transfer delivered twice is credited once and the second delivery
 * counted; a deposit is booked and published, a repeated deposit id neither.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedMqBroker(topics = {"Transfers", "Deposits"}, queues = 1, delayLevels = "100ms 100ms 100ms 100ms")
@Import(LedgerFlowTest.Published.class)
class LedgerFlowTest {

    @LocalServerPort
    int port;

    @Autowired
    MqTemplate mq;

    @Autowired
    Published published;

    @Test
    void aTransferSentTwiceIsCreditedOnce() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);
        TransferDebited transfer = new TransferDebited("t-7", "alice", "bob", new BigDecimal("12.50"));

        // Two messages of one transfer, as a redelivery after a crash would bring it again.
        mq.send("Transfers:debited", transfer);
        mq.send("Transfers:debited", transfer);

        await().atMost(Duration.ofSeconds(20)).until(() -> stats(http).get("absorbedDuplicates").equals(1));
        assertThat(stats(http)).containsEntry("credited", 1);
        assertThat(balance(http, "bob")).isEqualByComparingTo("12.50");
    }

    @Test
    void aDepositIsBookedAndPublishedOnce() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);

        int first = deposit(http, new DepositReceived("d-1", "carol", new BigDecimal("40.00")));
        int repeated = deposit(http, new DepositReceived("d-1", "carol", new BigDecimal("40.00")));
        int marker = deposit(http, new DepositReceived("d-2", "dave", new BigDecimal("1.00")));

        assertThat(List.of(first, repeated, marker)).containsExactly(200, 409, 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> published.deposits.contains("d-2"));
        assertThat(published.deposits).containsExactly("d-1", "d-2");
        assertThat(balance(http, "carol")).isEqualByComparingTo("40.00");
    }

    private static int deposit(RestClient http, DepositReceived deposit) {
        return http.post().uri("/deposits").body(deposit)
                .exchange((request, response) -> response.getStatusCode().value());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(RestClient http) {
        return http.get().uri("/stats").retrieve().body(Map.class);
    }

    private static BigDecimal balance(RestClient http, String account) {
        return new BigDecimal(http.get().uri("/balances/" + account).retrieve().body(Map.class).get("balance")
                .toString());
    }

    @TestConfiguration
    static class Published {

        final List<String> deposits = new CopyOnWriteArrayList<>();

        @MqListener(topics = DepositReceived.TOPIC, group = "ledger-test", consumeMode = ConsumeMode.ORDERLY)
        void onDeposit(DepositReceived deposit) {
            deposits.add(deposit.depositId());
        }
    }
}
