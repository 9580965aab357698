package io.tandem.server.compat;

import io.tandem.server.testing.RunningBroker;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Looking messages up through the producer: {@code viewMessage} by offset id (VIEW_MESSAGE_BY_ID) and by unique id
 * (QUERY_MESSAGE on the unique key), and {@code queryMessage} by key (QUERY_MESSAGE on the key index). The admin tool
 * ({@code DefaultMQAdminExt}) is not part of rocketmq-client, so it is not exercised here.
 */
class QueryCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final String TOPIC = "compat-query";

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private RocketMqClients clients;

    @BeforeEach
    void createClients() {
        clients = new RocketMqClients(broker.nameServerAddress());
    }

    @AfterEach
    void shutDownClients() throws InterruptedException {
        clients.close();
    }

    @Test
    void shouldViewMessagesByOffsetIdAndByUniqueIdAndQueryThemByKey() throws Exception {
        DefaultMQProducer producer = clients.producer("compat-query-producer");
        long beginMs = System.currentTimeMillis();
        List<SendResult> wanted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] body = ("wanted-" + i).getBytes(StandardCharsets.UTF_8);
            wanted.add(send(producer, new Message(TOPIC, "query", "invoice-42", body)));
        }
        send(producer, new Message(TOPIC, "query", "invoice-43", "other".getBytes(StandardCharsets.UTF_8)));
        send(producer, new Message(TOPIC, "query", "invoice-4", "prefix".getBytes(StandardCharsets.UTF_8)));

        SendResult first = wanted.getFirst();
        MessageExt byOffsetId = producer.viewMessage(TOPIC, first.getOffsetMsgId());
        assertThat(new String(byOffsetId.getBody(), StandardCharsets.UTF_8)).isEqualTo("wanted-0");
        assertThat(byOffsetId.getMsgId()).isEqualTo(first.getMsgId());
        assertThat(byOffsetId.getKeys()).isEqualTo("invoice-42");
        assertThat(byOffsetId.getQueueOffset()).isEqualTo(first.getQueueOffset());

        SendResult last = wanted.getLast();
        // Lookups by unique id and by key go through the key index, which the broker builds a few milliseconds
        // after the send returns (as the reference broker does); the client reports "not found" as an exception.
        MessageExt byUniqueId = await().atMost(TIMEOUT).pollInterval(POLL).ignoreExceptions()
                .until(() -> producer.viewMessage(TOPIC, last.getMsgId()), Objects::nonNull);
        assertThat(new String(byUniqueId.getBody(), StandardCharsets.UTF_8)).isEqualTo("wanted-2");
        assertThat(byUniqueId.getMsgId()).isEqualTo(last.getMsgId());
        assertThat(byUniqueId.getQueueId()).isEqualTo(last.getMessageQueue().getQueueId());

        QueryResult byKey = await().atMost(TIMEOUT).pollInterval(POLL).ignoreExceptions().until(
                () -> producer.queryMessage(TOPIC, "invoice-42", 32, beginMs, System.currentTimeMillis() + 1_000),
                result -> result.getMessageList().size() >= wanted.size());
        assertThat(byKey.getMessageList())
                .extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("wanted-0", "wanted-1", "wanted-2");
        assertThat(byKey.getMessageList()).extracting(MessageExt::getMsgId)
                .containsExactlyInAnyOrderElementsOf(wanted.stream().map(SendResult::getMsgId).toList());
    }

    private static SendResult send(DefaultMQProducer producer, Message message) throws Exception {
        SendResult sent = producer.send(message);
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        return sent;
    }
}
