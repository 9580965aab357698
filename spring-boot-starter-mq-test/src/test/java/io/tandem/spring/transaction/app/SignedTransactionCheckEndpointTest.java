package io.tandem.spring.transaction.app;

import io.tandem.protocol.txn.CheckRequestSignature;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTransactionFaults;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP check endpoint with a secret, on a real web server: only requests signed with the current or the previous
 * secret, within the clock skew, are answered; every other one gets 401 with an empty body, whatever it asks about
 * (a committed transaction, an unknown one, another group, no transaction at all).
 */
@SpringBootTest(classes = TransactionTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tandem.mq.producer.group=tx-signed",
                "spring.datasource.url=jdbc:h2:mem:tandem-tx-signed;DB_CLOSE_DELAY=-1",
                "tandem.mq.check-endpoint.secret=" + SignedTransactionCheckEndpointTest.SECRET,
                "tandem.mq.check-endpoint.previous-secret=" + SignedTransactionCheckEndpointTest.PREVIOUS_SECRET,
                "tandem.mq.check-endpoint.max-clock-skew=30s"})
@EmbeddedMqBroker(topics = {TransactionTestApplication.ORDERS, TransactionTestApplication.PAYMENTS,
        TransactionTestApplication.REFUNDS, TransactionTestApplication.DEPOSITS})
@ExtendWith(OutputCaptureExtension.class)
class SignedTransactionCheckEndpointTest {

    static final String SECRET = "signed-endpoint-secret-6c1e";
    static final String PREVIOUS_SECRET = "signed-endpoint-previous-2a97";
    private static final String PATH = "/tandem/transactions/check";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    OrderService orders;

    @Autowired
    MqTransactionFaults faults;

    private String committed;

    @BeforeEach
    void placeACommittedOrderWhoseEndTransactionWasLost() {
        faults.crashBeforeEndTransaction(1);
        committed = orders.place(System.nanoTime(), "signed");
    }

    @Test
    void shouldAnswerARequestSignedWithTheSecret() throws Exception {
        String query = "transactionId=" + committed + "&topic=" + TransactionTestApplication.ORDERS
                + "&producerGroup=tx-signed";
        long now = System.currentTimeMillis();

        HttpResponse<String> response = send(query, Long.toString(now),
                CheckRequestSignature.sign(SECRET, "GET", PATH, query, null, now));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"state\":\"COMMIT\"}");
    }

    @Test
    void shouldAnswerARequestSignedWithThePreviousSecretDuringARotation() throws Exception {
        String query = "transactionId=" + committed;
        long now = System.currentTimeMillis();

        HttpResponse<String> response = send(query, Long.toString(now),
                CheckRequestSignature.sign(PREVIOUS_SECRET, "GET", PATH, query, null, now));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"state\":\"COMMIT\"}");
    }

    @Test
    void shouldRefuseAnUnsignedRequestEvenFromThisHostRevealingNothing() throws Exception {
        for (String query : List.of("transactionId=" + committed, "transactionId=0A0B0C0D0E0F",
                "transactionId=" + committed + "&producerGroup=someone-else", "topic=orders")) {
            assertRefusedRevealingNothing(send(query, null, null));
        }
    }

    @Test
    void shouldRefuseAWrongSecretATamperedQuestionAndAnExpiredTimestamp(CapturedOutput output) throws Exception {
        String query = "transactionId=" + committed;
        long now = System.currentTimeMillis();

        assertRefusedRevealingNothing(send(query, Long.toString(now),
                CheckRequestSignature.sign("a-guessed-secret", "GET", PATH, query, null, now)));
        assertRefusedRevealingNothing(send("transactionId=0A0B0C0D0E0F", Long.toString(now),
                CheckRequestSignature.sign(SECRET, "GET", PATH, query, null, now)));
        long expired = now - 31_000;
        assertRefusedRevealingNothing(send(query, Long.toString(expired),
                CheckRequestSignature.sign(SECRET, "GET", PATH, query, null, expired)));
        assertRefusedRevealingNothing(send(query, "yesterday", "v1=???"));
        assertThat(output).doesNotContain(SECRET).doesNotContain(PREVIOUS_SECRET);
    }

    private static void assertRefusedRevealingNothing(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Tandem-HMAC-SHA256");
    }

    private HttpResponse<String> send(String query, String timestamp, String signature)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH + "?"
                + query)).header("Accept", "application/json").GET();
        if (timestamp != null) {
            request.header(CheckRequestSignature.TIMESTAMP_HEADER, timestamp);
        }
        if (signature != null) {
            request.header(CheckRequestSignature.SIGNATURE_HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
