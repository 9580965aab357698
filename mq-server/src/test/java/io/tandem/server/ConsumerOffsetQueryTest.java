package io.tandem.server;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.GetMaxOffsetRequestHeader;
import io.tandem.protocol.header.GetMaxOffsetResponseHeader;
import io.tandem.protocol.header.GetMinOffsetRequestHeader;
import io.tandem.protocol.header.GetMinOffsetResponseHeader;
import io.tandem.protocol.header.QueryConsumerOffsetRequestHeader;
import io.tandem.protocol.header.QueryConsumerOffsetResponseHeader;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.Requests;
import io.tandem.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * QUERY_CONSUMER_OFFSET for a group that has no offset for the queue (fact sheet 2.6): the broker answers 0 while the
 * queue holds messages and still starts at offset 0, unless the request says {@code setZeroIfNotFound=false}; else
 * QUERY_NOT_FOUND, and the client decides where to start.
 */
class ConsumerOffsetQueryTest {

    private static final String GROUP = "newcomers";

    @TempDir
    Path directory;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldAnswerZeroWhenTheRequestLeavesSetZeroIfNotFoundUnsetAndTheQueueStillStartsAtZero() throws Exception {
        start(UnaryOperator.identity());
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            send(client, "young", 3);

            RemotingCommand unset = client.call(query("young", null));
            assertThat(unset.code()).as(unset.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(QueryConsumerOffsetResponseHeader.from(unset).offset()).isZero();
            RemotingCommand asked = client.call(query("young", true));
            assertThat(asked.code()).as(asked.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(QueryConsumerOffsetResponseHeader.from(asked).offset()).isZero();
        }
    }

    @Test
    void shouldAnswerNotFoundWhenTheRequestSaysNotToSetZero() throws Exception {
        start(UnaryOperator.identity());
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            send(client, "young", 3);

            assertThat(client.call(query("young", false)).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        }
    }

    @Test
    void shouldAnswerNotFoundForAQueueWithoutMessages() throws Exception {
        start(UnaryOperator.identity());
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            RemotingCommand sent = client.call(Requests.send("sparse", 0, Map.of(), new byte[16]));
            assertThat(sent.code()).as(sent.remark()).isEqualTo(ResponseCode.SUCCESS);

            assertThat(client.call(query("sparse", null)).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
            assertThat(client.call(query("never-sent", null)).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        }
    }

    @Test
    void shouldAnswerNotFoundOnceRetentionDeletedTheStartOfTheQueue() throws Exception {
        start(store -> store.segmentSize(64 << 10).maxRecordSize(16 << 10).retentionBytes(128 << 10)
                .housekeepingInterval(Duration.ofMillis(50)));
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            send(client, "aged", 160);
            await().atMost(Duration.ofSeconds(20)).until(() -> minOffset(client, "aged") > 0);

            assertThat(client.call(query("aged", null)).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
            assertThat(client.call(query("aged", true)).code()).isEqualTo(ResponseCode.QUERY_NOT_FOUND);
        }
    }

    private void start(UnaryOperator<StoreConfig.Builder> store) throws Exception {
        broker = Broker.start(BrokerConfig.builder(directory).randomPorts().store(store).build());
    }

    /** Sends {@code count} messages of 2 KiB to queue 1 of {@code topic} and waits until they are readable. */
    private static void send(RawClient client, String topic, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            RemotingCommand sent = client.call(Requests.send(topic, 1, Map.of(), new byte[2048]));
            assertThat(sent.code()).as(sent.remark()).isEqualTo(ResponseCode.SUCCESS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> maxOffset(client, topic) == count);
    }

    private static RemotingCommand.Builder query(String topic, Boolean setZeroIfNotFound) {
        return RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET).extFields(
                new QueryConsumerOffsetRequestHeader(GROUP, topic, 1, setZeroIfNotFound, null).toExtFields());
    }

    private static long maxOffset(RawClient client, String topic) throws Exception {
        RemotingCommand answer = client.call(RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                .extFields(new GetMaxOffsetRequestHeader(topic, 1, true, null).toExtFields()));
        return GetMaxOffsetResponseHeader.from(answer).offset();
    }

    private static long minOffset(RawClient client, String topic) throws Exception {
        RemotingCommand answer = client.call(RemotingCommand.request(RequestCode.GET_MIN_OFFSET)
                .extFields(new GetMinOffsetRequestHeader(topic, 1, null).toExtFields()));
        return GetMinOffsetResponseHeader.from(answer).offset();
    }
}
