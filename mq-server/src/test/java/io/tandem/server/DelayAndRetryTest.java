package io.tandem.server;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.ConsumerSendMsgBackRequestHeader;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Delay levels, delivery timestamps across a restart, and the retry ladder ending in the DLQ, on the wire. */
class DelayAndRetryTest {

    private static final List<Duration> LEVELS = List.of(Duration.ofMillis(300), Duration.ofMillis(600),
            Duration.ofMillis(300), Duration.ofMillis(300));

    @TempDir
    Path directory;
    Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Broker start() throws Exception {
        return Broker.start(BrokerConfig.builder(directory).randomPorts().delayLevels(LEVELS).build());
    }

    @Test
    void shouldDeliverADelayLevelMessageNotBeforeItsDelay() throws Exception {
        broker = start();
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            long sentAt = System.currentTimeMillis();
            assertThat(client.call(Requests.send("later", 0, Map.of("DELAY", "2"), new byte[]{1})).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            MessageRecord delivered = awaitOne(client, "later", 0, 0, 5_000);
            assertThat(delivered.storeTimestamp() - sentAt).isGreaterThanOrEqualTo(600 - 50);
            assertThat(delivered.body()).containsExactly(1);
            assertThat(delivered.property("REAL_TOPIC")).isEqualTo("later");
        }
    }

    @Test
    void shouldDeliverATimestampedMessageOnceAfterARestart() throws Exception {
        broker = start();
        long deliverAt = System.currentTimeMillis() + 1_500;
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            assertThat(client.call(Requests.send("timed", 0, Map.of("TIMER_DELIVER_MS", Long.toString(deliverAt)),
                    new byte[]{9})).code()).isEqualTo(ResponseCode.SUCCESS);
            RemotingCommand early = client.call(Requests.pull("g", "timed", 0, 0, 32, 0));
            assertThat(early.code()).isNotEqualTo(ResponseCode.SUCCESS);
        }
        broker.close();
        broker = start();
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            MessageRecord delivered = awaitOne(client, "timed", 0, 0, 10_000);
            assertThat(delivered.storeTimestamp()).isGreaterThanOrEqualTo(deliverAt);
            assertThat(delivered.body()).containsExactly(9);
            // A second copy is due as soon as the first: it would land ahead of a marker sent to the same queue now.
            assertThat(client.call(Requests.send("timed", 0, Map.of(), new byte[]{42})).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            MessageRecord next = awaitOne(client, "timed", 0, 1, 10_000);
            assertThat(next.body()).as("no second copy before the marker").containsExactly(42);
            RemotingCommand after = client.call(Requests.pull("g", "timed", 0, 2, 32, 0));
            assertThat(after.code()).as("no second copy after it").isEqualTo(ResponseCode.PULL_NOT_FOUND);
        }
    }

    @Test
    void shouldMoveAFailedMessageThroughTheRetryTopicToTheDeadLetterQueue() throws Exception {
        broker = start();
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            client.call(Requests.send("work", 0, Map.of("KEYS", "order-1"), new byte[]{5}));
            MessageRecord original = awaitOne(client, "work", 0, 0, 5_000);

            assertThat(sendBack(client, original.commitLogOffset()).code()).isEqualTo(ResponseCode.SUCCESS);
            // Level 3 + reconsumeTimes(0) = level 3 (300 ms here).
            MessageRecord retry = awaitOne(client, "%RETRY%cg", 0, 0, 5_000);
            assertThat(retry.reconsumeTimes()).isEqualTo(1);
            assertThat(retry.property("RETRY_TOPIC")).isEqualTo("work");
            assertThat(retry.body()).containsExactly(5);

            assertThat(sendBack(client, retry.commitLogOffset()).code()).isEqualTo(ResponseCode.SUCCESS);
            MessageRecord dead = awaitOne(client, "%DLQ%cg", 0, 0, 5_000);
            assertThat(dead.reconsumeTimes()).isEqualTo(2);
            assertThat(dead.property("KEYS")).isEqualTo("order-1");
            assertThat(dead.property("RETRY_TOPIC")).isEqualTo("work");
        }
    }

    private static RemotingCommand sendBack(RawClient client, long commitLogOffset) throws Exception {
        return client.call(RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK).extFields(
                new ConsumerSendMsgBackRequestHeader(commitLogOffset, "cg", 0, null, null, false, 1, null)
                        .toExtFields()));
    }

    /** Pulls (long polling up to a second at a time) until a message is at {@code offset}, for up to {@code timeoutMs}. */
    private static MessageRecord awaitOne(RawClient client, String topic, int queueId, long offset, long timeoutMs) {
        return await("a message in %s/%d at offset %d".formatted(topic, queueId, offset))
                .atMost(Duration.ofMillis(timeoutMs)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    RemotingCommand response = client.call(Requests.pull("reader", topic, queueId, offset, 32, 1_000));
                    return response.code() == ResponseCode.SUCCESS
                            ? MessageCodec.decodeAll(response.body()).getFirst() : null;
                }, record -> record != null);
    }
}
