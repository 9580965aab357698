package io.tandem.samples.notifications;

import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notices against an embedded broker with fast delay levels: a transfer's receiver is told once; a notice to a
 * closed mailbox is tried 1 + 2 times and then reaches the dead-letter handler.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "samples.notifications.closed-mailboxes=mallory")
@EmbeddedMqBroker(topics = "Transfers", delayLevels = "100ms 100ms 100ms 100ms 100ms 100ms")
class TransferNoticesTest {

    @LocalServerPort
    int port;

    @Autowired
    MqTemplate mq;

    @Test
    void noticesAreSentOrGivenUpAfterTheirRetries() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);

        mq.send("Transfers:debited", new TransferDebited("t-1", "alice", "bob", new BigDecimal("5.00")));
        mq.send("Transfers:debited", new TransferDebited("t-2", "alice", "mallory", new BigDecimal("6.00")));

        await().atMost(Duration.ofSeconds(30)).until(() -> !undeliverable(http).isEmpty());
        assertThat(undeliverable(http)).singleElement().satisfies(notice -> assertThat(notice)
                .containsEntry("transferId", "t-2").containsEntry("account", "mallory"));
        assertThat(http.get().uri("/refusals/mallory").retrieve().body(Map.class)).containsEntry("refusals", 3);
        assertThat(http.get().uri("/notices/bob").retrieve().body(List.class))
                .containsExactly("you received 5.00 from alice (transfer t-1)");
        assertThat(http.get().uri("/notices/mallory").retrieve().body(List.class)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> undeliverable(RestClient http) {
        return http.get().uri("/undeliverable").retrieve().body(List.class);
    }
}
