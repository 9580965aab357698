package io.tandem.server;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SQL92 property filtering on pulls, behind the broker's switch. */
class PropertyFilterTest {

    @TempDir
    Path directory;

    @Test
    void shouldReturnOnlyMessagesWhosePropertiesMatchTheExpression() throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.builder(directory).randomPorts().propertyFilter(true).build());
             RawClient client = new RawClient(broker.brokerAddress())) {
            for (int amount : new int[]{5, 50, 500}) {
                client.call(Requests.send("payments", 0, Map.of("amount", Integer.toString(amount), "TAGS", "pay"),
                        new byte[]{(byte) (amount % 100)}));
            }
            RemotingCommand pulled = pullUntilDispatched(client, "amount >= 50 AND TAGS = 'pay'", 3);
            assertThat(pulled.code()).as(pulled.remark()).isEqualTo(ResponseCode.SUCCESS);
            List<MessageRecord> records = MessageCodec.decodeAll(pulled.body());
            assertThat(records).extracting(record -> record.property("amount")).containsExactly("50", "500");
            assertThat(pulled.extField("nextBeginOffset")).isEqualTo("3");

            RemotingCommand invalid = client.call(pull("amount >>> 3"));
            assertThat(invalid.code()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
        }
    }

    @Test
    void shouldRefuseSqlPullsWhenTheFilterIsSwitchedOff() throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.builder(directory).randomPorts().build());
             RawClient client = new RawClient(broker.brokerAddress())) {
            client.call(Requests.send("payments", 0, Map.of("amount", "5"), new byte[]{1}));
            RemotingCommand refused = client.call(pull("amount > 1"));
            assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(refused.remark()).contains("SQL92").contains("disabled");
        }
    }

    /**
     * Pulls from offset 0 until the answer covers all {@code sent} messages: sends are acknowledged before the
     * dispatcher has put them in the queue, and a pull over only part of them answers with what matched in that part
     * (or PULL_NOT_FOUND / PULL_RETRY_IMMEDIATELY when nothing did).
     */
    private static RemotingCommand pullUntilDispatched(RawClient client, String expression, int sent) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> client.call(pull(expression)),
                response -> Integer.toString(sent).equals(response.extField("nextBeginOffset")));
    }

    private static RemotingCommand.Builder pull(String expression) {
        PullMessageRequestHeader header = new PullMessageRequestHeader("sql-group", "payments", 0, 0, 32,
                PullSysFlag.SUBSCRIPTION, -1, 0, expression, 0, "SQL92", null, null, null, null);
        return RemotingCommand.request(RequestCode.PULL_MESSAGE).extFields(header.toExtFields());
    }
}
