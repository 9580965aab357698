package io.tandem.coordinator.broker;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.HalfMessageList;
import io.tandem.protocol.txn.CheckOutcome;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.protocol.txn.ResolveHalfRequestHeader;
import io.tandem.protocol.txn.ResolveHalfResponseHeader;
import io.tandem.protocol.txn.ResolveOutcome;
import io.tandem.server.tls.ServerTls;
import io.tandem.server.remoting.RemotingServer;
import io.tandem.server.remoting.RequestDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The coordinator's side of the transaction contract against a scripted broker: what it sends is what the broker's
 * typed headers read, and an answer it cannot read is a {@link BrokerAdminException} naming the field and value.
 */
class BrokerAdminClientTest {

    private final BlockingQueue<RemotingCommand> requests = new LinkedBlockingQueue<>();
    private final AtomicReference<Map<String, String>> answerFields = new AtomicReference<>(Map.of());
    private final AtomicReference<byte[]> answerBody = new AtomicReference<>();
    private RemotingServer broker;
    private BrokerAdminClient client;

    @BeforeEach
    void start() throws InterruptedException {
        RequestDispatcher dispatcher = new RequestDispatcher();
        for (int code : new int[]{RequestCode.TANDEM_LIST_HALVES, RequestCode.TANDEM_RESOLVE_HALF}) {
            dispatcher.register(code, context -> {
                requests.add(context.request());
                RemotingCommand.Builder answer = context.request().response(ResponseCode.SUCCESS)
                        .extFields(answerFields.get());
                if (answerBody.get() != null) {
                    answer.body(answerBody.get());
                }
                context.respond(answer);
            });
        }
        dispatcher.open();
        broker = RemotingServer.start("scripted-broker", "127.0.0.1", 0, 1, Duration.ofMinutes(1), dispatcher,
                RemotingServer.ConnectionListener.NONE, ServerTls.DISABLED, transport -> { });
        client = new BrokerAdminClient(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
    }

    @Test
    void shouldSendADecisionTheBrokerReadsAndReadItsOutcome() throws Exception {
        answerFields.set(new ResolveHalfResponseHeader(ResolveOutcome.ALREADY_DECIDED).toExtFields());

        ResolveOutcome outcome = client.resolve(address(), 7, 4096, Decision.COMMIT, DecisionSource.POLICY);

        assertThat(outcome).isEqualTo(ResolveOutcome.ALREADY_DECIDED);
        assertThat(ResolveHalfRequestHeader.from(requests.take()))
                .isEqualTo(new ResolveHalfRequestHeader(7, 4096, Decision.COMMIT, DecisionSource.POLICY));
    }

    @Test
    void shouldReportAnOutcomeItDoesNotKnowAsABrokerFailureNamingFieldAndValue() {
        Map<String, String> unknownOutcome = new ResolveHalfResponseHeader(ResolveOutcome.DECIDED).toExtFields();
        unknownOutcome.replaceAll((field, value) -> "MISMATCH");
        answerFields.set(unknownOutcome);

        assertThatThrownBy(() -> client.resolve(address(), 7, 4096, Decision.ROLLBACK, DecisionSource.OPERATOR))
                .isInstanceOf(BrokerAdminException.class)
                .hasMessageStartingWith("broker " + address() + " answered with TANDEM_RESOLVE_HALF(100102) response: "
                        + "field '")
                .hasMessageEndingWith("' = 'MISMATCH' is none of DECIDED, ALREADY_DECIDED");
    }

    @Test
    void shouldReportACheckOutcomeItDoesNotKnowAsABrokerFailureNamingWhereItIs() {
        HalfMessageList listed = new HalfMessageList(List.of(new HalfMessageList.Half(3, 4096, "pg", "TX", "t", 0,
                null, 1, 2, 1, CheckOutcome.CHECK_SENT, false, false)), 4);
        answerBody.set(new String(listed.toJson(), StandardCharsets.UTF_8)
                .replace('"' + CheckOutcome.CHECK_SENT.wireName() + '"', "\"ANSWERED\"")
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> client.listHalves(address(), 0, 10))
                .isInstanceOf(BrokerAdminException.class)
                .hasMessageStartingWith("broker " + address() + " answered with invalid HalfMessageList JSON body: ")
                .hasMessageContaining("'ANSWERED' is none of NONE, CHECK_SENT")
                .hasMessageContaining("(at halves[0].");
    }

    private String address() {
        return "127.0.0.1:" + broker.port();
    }
}
