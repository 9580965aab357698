package io.tandem.server;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
            RemotingCommand pulled = pullUntilAnswered(client, "amount >= 50 AND TAGS = 'pay'");
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

    private static RemotingCommand pullUntilAnswered(RawClient client, String expression) throws Exception {
        RemotingCommand response = client.call(pull(expression));
        for (int i = 0; i < 100 && response.code() == ResponseCode.PULL_NOT_FOUND; i++) {
            response = client.call(pull(expression));
        }
        return response;
    }

    private static RemotingCommand.Builder pull(String expression) {
        PullMessageRequestHeader header = new PullMessageRequestHeader("sql-group", "payments", 0, 0, 32,
                PullSysFlag.SUBSCRIPTION, -1, 0, expression, 0, "SQL92", null, null, null, null);
        return RemotingCommand.request(RequestCode.PULL_MESSAGE).extFields(header.toExtFields());
    }
}
