package io.tandem.samples.accounts;

import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.listener.ConsumeMode;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transfers through the service's HTTP API against an embedded broker: a debit publishes its event once, an
 * insufficient balance answers 422 and publishes nothing, a repeated request is not debited again.
 */
@Tag("embedded-broker")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedMqBroker(topics = "Transfers", queues = 1)
@Import(TransferFlowTest.Events.class)
class TransferFlowTest {

    @LocalServerPort
    int port;

    @Autowired
    Events events;

    @Test
    void aDebitIsPublishedOnceAndAFailedOneNever() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);
        http.put().uri("/accounts/alice?balance=100.00").retrieve().toBodilessEntity();

        HttpStatusCode refused = http.post().uri("/transfers")
                .body(new TransferRequest("t-too-much", "alice", "bob", new BigDecimal("150.00")))
                .exchange((request, response) -> response.getStatusCode());
        TransferResult done = http.post().uri("/transfers")
                .body(new TransferRequest("t-1", "alice", "bob", new BigDecimal("30.00")))
                .retrieve().body(TransferResult.class);
        TransferResult again = http.post().uri("/transfers")
                .body(new TransferRequest("t-1", "alice", "bob", new BigDecimal("30.00")))
                .retrieve().body(TransferResult.class);
        // A marker sent after everything above: once it arrived, everything before it on the one queue did too.
        http.post().uri("/transfers")
                .body(new TransferRequest("t-marker", "alice", "carol", new BigDecimal("1.00")))
                .retrieve().toBodilessEntity();

        assertThat(refused.value()).isEqualTo(422);
        assertThat(done.balance()).isEqualByComparingTo("70.00");
        assertThat(again.repeated()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> events.received.contains("t-marker"));
        assertThat(events.received).containsExactly("t-1", "t-marker");
        assertThat(http.get().uri("/accounts/alice").retrieve().body(String.class)).contains("69.0");
    }

    @TestConfiguration
    static class Events {

        final List<String> received = new CopyOnWriteArrayList<>();

        @MqListener(topics = "Transfers", selector = "debited", group = "accounts-test",
                consumeMode = ConsumeMode.ORDERLY)
        void onDebited(TransferDebited event) {
            received.add(event.transferId());
        }
    }
}
