package io.tandem.spring.transaction.app;

import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTransactionFaults;
import io.tandem.spring.transaction.app.TransactionTestApplication.OrderService;
import io.tandem.spring.transaction.app.TransactionTestApplication.PaymentTaken;
import io.tandem.spring.transaction.app.TransactionTestApplication.RefundTransactions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP check endpoint a coordinator asks when no producer of the group is connected, served by a real web server
 * in the application, speaking the coordinator's contract ({@code GET ?transactionId&topic&keys&producerGroup}).
 */
@SpringBootTest(classes = TransactionTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tandem.mq.producer.group=tx-http",
                "spring.datasource.url=jdbc:h2:mem:tandem-tx-http;DB_CLOSE_DELAY=-1"})
@EmbeddedMqBroker(topics = {TransactionTestApplication.ORDERS, TransactionTestApplication.PAYMENTS,
        TransactionTestApplication.REFUNDS, TransactionTestApplication.DEPOSITS})
class TransactionCheckEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    OrderService orders;

    @Autowired
    MqTransactionFaults faults;

    @Autowired
    MqTemplate template;

    @Autowired
    RefundTransactions refunds;

    @Test
    void shouldAnswerCommitForTheMessageOfACommittedTransaction() throws Exception {
        faults.crashBeforeEndTransaction(1);
        String messageId = orders.place(System.nanoTime(), "over http");

        HttpResponse<String> response = check("transactionId=" + messageId + "&topic="
                + TransactionTestApplication.ORDERS + "&producerGroup=tx-http");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"state\":\"COMMIT\"}");
    }

    @Test
    void shouldAnswerRollbackForTheMessagesOfARolledBackTransactionAndKeepThatAnswer() throws Exception {
        faults.crashBeforeEndTransaction(1);
        List<String> sent = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> orders.placeThenFail(System.nanoTime(), "over http", sent))
                .isInstanceOf(IllegalStateException.class);
        String rolledBack = faults.crashes().getLast().transactionIds().getFirst();

        assertThat(check("transactionId=" + rolledBack).body()).isEqualTo("{\"state\":\"ROLLBACK\"}");
        assertThat(check("transactionId=" + rolledBack).body()).isEqualTo("{\"state\":\"ROLLBACK\"}");
    }

    @Test
    void shouldSettleAnUnknownTransactionIdAsRolledBack() throws Exception {
        // Every transactional message the application sends has a row before it is sent: no row, no commit.
        assertThat(check("transactionId=0A0B0C0D0E0F&topic=" + TransactionTestApplication.ORDERS).body())
                .isEqualTo("{\"state\":\"ROLLBACK\"}");
    }

    @Test
    void shouldAskTheListenerThatDecidesAMessageWhenItTakesRawBodies() throws Exception {
        TransactionSendResult refund = template.sendInTransaction("refund", TransactionTestApplication.REFUNDS,
                "refund over http".getBytes(), TransactionState.UNKNOWN);
        int checksBefore = refunds.checked.size();

        assertThat(check("transactionId=" + refund.sendResult().messageId() + "&topic="
                + TransactionTestApplication.REFUNDS).body()).isEqualTo("{\"state\":\"COMMIT\"}");
        assertThat(refunds.checked.size()).isGreaterThan(checksBefore);
    }

    @Test
    void shouldAnswerUnknownForAListenerThatNeedsTheBodyHttpDoesNotCarry() throws Exception {
        TransactionSendResult payment = template.sendInTransaction(TransactionTestApplication.PAYMENTS,
                new PaymentTaken("http-" + System.nanoTime(), 5), TransactionState.UNKNOWN);

        assertThat(check("transactionId=" + payment.sendResult().messageId() + "&topic="
                + TransactionTestApplication.PAYMENTS).body()).isEqualTo("{\"state\":\"UNKNOWN\"}");
    }

    @Test
    void shouldRefuseARequestWithoutATransactionIdNamingTheParameter() throws Exception {
        HttpResponse<String> response = check("topic=" + TransactionTestApplication.ORDERS);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"the query parameter transactionId is missing\"}");
    }

    @Test
    void shouldRefuseAQuestionForAnotherProducerGroup() throws Exception {
        HttpResponse<String> response = check("transactionId=0A0B&producerGroup=someone-else");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("this application is producer group 'tx-http', not 'someone-else'");
    }

    private HttpResponse<String> check(String query) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/tandem/transactions/check?" + query)).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
