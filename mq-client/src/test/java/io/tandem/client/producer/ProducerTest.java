package io.tandem.client.producer;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.MqBrokerException;
import io.tandem.client.MqTimeoutException;
import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.client.TopicNotFoundException;
import io.tandem.client.fake.FakeBroker;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.HeartbeatData;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.ProducerData;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.UnregisterClientRequestHeader;
import io.tandem.protocol.message.BodyCompression;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ProducerTest {

    private final FakeBroker broker = new FakeBroker();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            AutoCloseable closeable = closeables.get(i);
            closeable.close();
        }
        broker.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    private Producer producer(ProducerConfig config) {
        Producer producer = Producer.start(ClientConfig.of(broker.address()), config);
        closeables.add(producer);
        return producer;
    }

    private Producer producer() {
        return producer(ProducerConfig.of("pg"));
    }

    @Test
    void shouldReportUniqueKeyOffsetIdQueueAndOffsetOfAStoredMessage() {
        broker.createTopic("Orders", 2);
        Producer producer = producer();

        SendResult first = producer.send(Message.of("Orders", "one"));
        SendResult second = producer.send(Message.of("Orders", "two"));

        List<MessageRecord> stored = broker.records("Orders");
        assertThat(stored).hasSize(2);
        MessageRecord record = stored.stream().filter(each -> each.uniqueKey().equals(first.messageId()))
                .findFirst().orElseThrow();
        assertThat(first.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(first.offsetMessageId()).isEqualTo(record.offsetMessageId());
        assertThat(first.queue()).isEqualTo(new MessageQueue("Orders", FakeBroker.BROKER_NAME, record.queueId()));
        assertThat(first.queueOffset()).isEqualTo(record.queueOffset());
        assertThat(first.transactionId()).isEqualTo(first.messageId());
        assertThat(first.messageId()).hasSize(32).isNotEqualTo(second.messageId());
        assertThat(second.queue()).as("round robin").isNotEqualTo(first.queue());
    }

    @Test
    void shouldCarryTagsKeysFlagUserPropertiesAndDelaysAsProperties() {
        broker.createTopic("T", 1);
        Producer producer = producer();

        producer.send(Message.builder("T").body("b").tags("TagA").keys("k1", "k2").flag(7)
                .property("region", "eu").delayLevel(3).build());
        producer.send(Message.builder("T").body("b").deliverTimeMs(1_900_000_000_000L).build());

        List<MessageRecord> stored = broker.records("T");
        assertThat(stored.get(0).properties()).containsEntry(PropertyKeys.TAGS, "TagA")
                .containsEntry(PropertyKeys.KEYS, "k1 k2").containsEntry("region", "eu")
                .containsEntry(PropertyKeys.DELAY, "3").containsEntry(PropertyKeys.WAIT, "true")
                .containsKey(PropertyKeys.UNIQ_KEY);
        assertThat(stored.get(0).flag()).isEqualTo(7);
        assertThat(stored.get(1).properties()).containsEntry(PropertyKeys.TIMER_DELIVER_MS, "1900000000000")
                .doesNotContainKey(PropertyKeys.DELAY);
    }

    @Test
    void shouldSendAnUnknownTopicWithTheTemplateRouteSoTheBrokerCreatesIt() {
        Producer producer = producer();

        SendResult result = producer.send(Message.of("Fresh", "x"));

        List<String> routeQueries = broker.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC).stream()
                .map(request -> request.extField("topic")).toList();
        // the topic first, then the template (further lookups of the missing topic may come in between)
        assertThat(routeQueries).first().isEqualTo("Fresh");
        assertThat(routeQueries).containsSubsequence("Fresh", "TBW102");
        SendMessageRequestHeader header = SendMessageRequestHeader.from(
                broker.requests(RequestCode.SEND_MESSAGE_V2).get(0));
        assertThat(header.defaultTopic()).isEqualTo("TBW102");
        assertThat(header.defaultTopicQueueNums()).isEqualTo(4);
        assertThat(header.queueId()).isBetween(0, 3);
        assertThat(header.producerGroup()).isEqualTo("pg");
        assertThat(header.brokerName()).isEqualTo(FakeBroker.BROKER_NAME);
        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(broker.records("Fresh")).hasSize(1);
    }

    @Test
    void shouldFailWithTopicNotFoundWhenNeitherTopicNorTemplateHasARoute() {
        broker.autoCreateTopics(false);
        Producer producer = producer();

        assertThatThrownBy(() -> producer.send(Message.of("Nowhere", "x")))
                .isInstanceOf(TopicNotFoundException.class)
                .hasMessageContaining("Nowhere")
                .hasMessageContaining("TBW102");
    }

    @Test
    void shouldCompressBodiesOfFourKibibytesAndMoreWithZlib() {
        broker.createTopic("Big", 1);
        Producer producer = producer();
        byte[] small = new byte[4095];
        byte[] large = new byte[4096];
        Arrays.fill(large, (byte) 'a');

        producer.send(Message.builder("Big").body(small).build());
        producer.send(Message.builder("Big").body(large).build());

        List<RemotingCommand> sends = broker.requests(RequestCode.SEND_MESSAGE_V2);
        assertThat(SendMessageRequestHeader.from(sends.get(0)).sysFlag()).isZero();
        SendMessageRequestHeader compressed = SendMessageRequestHeader.from(sends.get(1));
        assertThat(compressed.sysFlag()).isEqualTo(MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_ZLIB);
        assertThat(sends.get(1).body().length).isLessThan(large.length);
        assertThat(BodyCompression.decompress(sends.get(1).body(), compressed.sysFlag(), 1 << 20)).isEqualTo(large);
    }

    @Test
    void shouldRetryABusyBrokerAndSucceed() {
        broker.createTopic("T", 4);
        AtomicInteger refusals = new AtomicInteger(2);
        broker.intercept(RequestCode.SEND_MESSAGE_V2, request -> refusals.getAndDecrement() > 0
                ? request.response(ResponseCode.SYSTEM_BUSY).remark("[REJECTREQUEST]").build() : null);
        Producer producer = producer();

        SendResult result = producer.send(Message.of("T", "x"));

        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        List<RemotingCommand> sends = broker.requests(RequestCode.SEND_MESSAGE_V2);
        assertThat(sends).hasSize(3);
        assertThat(sends).extracting(RemotingCommand::extFields).extracting(fields -> fields.get("i"))
                .as("every attempt carries the same unique key").containsOnly(sends.get(0).extField("i"));
    }

    @Test
    void shouldGiveUpAfterTheRetriesWithTheBrokersAnswer() {
        broker.createTopic("T", 4);
        broker.intercept(RequestCode.SEND_MESSAGE_V2,
                request -> request.response(ResponseCode.SERVICE_NOT_AVAILABLE).remark("disk full").build());
        Producer producer = producer(ProducerConfig.builder("pg").retryTimes(1).build());

        assertThatThrownBy(() -> producer.send(Message.of("T", "x")))
                .isInstanceOfSatisfying(MqBrokerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
                    assertThat(e.remark()).isEqualTo("disk full");
                    assertThat(e.address()).isEqualTo(broker.address());
                });
        assertThat(broker.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(2);
    }

    @Test
    void shouldNotRetryAnIllegalMessage() {
        broker.createTopic("T", 4);
        broker.intercept(RequestCode.SEND_MESSAGE_V2,
                request -> request.response(ResponseCode.MESSAGE_ILLEGAL).remark("too big").build());
        Producer producer = producer();

        assertThatThrownBy(() -> producer.send(Message.of("T", "x")))
                .isInstanceOfSatisfying(MqBrokerException.class,
                        e -> assertThat(e.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL))
                .hasMessageContaining("MESSAGE_ILLEGAL(13)").hasMessageContaining("too big");
        assertThat(broker.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(1);
    }

    @Test
    void shouldTimeOutNamingTheBrokerAndTheRequest() {
        broker.createTopic("T", 4);
        broker.intercept(RequestCode.SEND_MESSAGE_V2, request -> FakeBroker.NO_RESPONSE);
        Producer producer = producer(ProducerConfig.builder("pg").sendTimeout(Duration.ofMillis(300)).build());

        assertThatThrownBy(() -> producer.send(Message.of("T", "x")))
                .isInstanceOf(MqTimeoutException.class)
                .hasMessageContaining(broker.address())
                .hasMessageContaining("SEND_MESSAGE_V2");
    }

    @Test
    void shouldSendAsynchronously() {
        broker.createTopic("T", 4);
        Producer producer = producer();

        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(producer.sendAsync(Message.of("T", "m" + i)));
        }

        Set<String> ids = new HashSet<>();
        for (CompletableFuture<SendResult> future : futures) {
            ids.add(future.join().messageId());
        }
        assertThat(ids).hasSize(50);
        assertThat(broker.records("T")).hasSize(50);
    }

    @Test
    void shouldFailAnAsyncSendWithTheBrokersRefusal() {
        broker.createTopic("T", 4);
        broker.intercept(RequestCode.SEND_MESSAGE_V2,
                request -> request.response(ResponseCode.NO_PERMISSION).remark("no write").build());
        Producer producer = producer();

        assertThat(producer.sendAsync(Message.of("T", "x")))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(MqBrokerException.class);
        assertThat(broker.requests(RequestCode.SEND_MESSAGE_V2)).as("async sends retry network failures only")
                .hasSize(1);
    }

    @Test
    void shouldSendOnewayWithTheOnewayFlag() {
        broker.createTopic("T", 4);
        Producer producer = producer();

        producer.sendOneway(Message.of("T", "x"));

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.records("T").size() == 1);
        assertThat(broker.requests(RequestCode.SEND_MESSAGE_V2).get(0).isOneway()).isTrue();
    }

    @Test
    void shouldSendABatchAsOneRequestStoredConsecutively() {
        broker.createTopic("T", 4);
        Producer producer = producer();
        List<Message> batch = List.of(Message.builder("T").body("a").keys("ka").build(),
                Message.builder("T").body("b").tags("tb").build(), Message.of("T", "c"));

        SendResult result = producer.send(batch);

        RemotingCommand request = broker.requests(RequestCode.SEND_BATCH_MESSAGE).get(0);
        assertThat(request.extField("m")).isEqualTo("true");
        List<MessageRecord> stored = broker.records("T");
        assertThat(stored).extracting(MessageRecord::queueId).containsOnly(result.queue().queueId());
        assertThat(stored).extracting(MessageRecord::queueOffset).containsExactly(0L, 1L, 2L);
        assertThat(stored).extracting(record -> new String(record.body())).containsExactly("a", "b", "c");
        assertThat(result.messageId().split(",")).containsExactlyElementsOf(
                stored.stream().map(MessageRecord::uniqueKey).toList());
        assertThat(result.queueOffset()).isZero();
    }

    @Test
    void shouldRejectABatchMixingTopics() {
        Producer producer = producer();

        assertThatThrownBy(() -> producer.send(List.of(Message.of("A", "a"), Message.of("B", "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same topic");
        assertThatThrownBy(() -> producer.send(List.of(Message.builder("A").body("a").delayLevel(1).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delayed");
    }

    @Test
    void shouldSendEveryMessageOfAShardingKeyToTheSameQueueInOrder() {
        broker.createTopic("T", 8);
        Producer producer = producer();

        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(producer.sendOrderly(Message.of("T", "order-42-step-" + i), "order-42"));
        }

        assertThat(results).extracting(SendResult::queue).containsOnly(results.get(0).queue());
        assertThat(results).extracting(SendResult::queueOffset).isSorted();
    }

    @Test
    void shouldSendToTheQueueTheSelectorPicks() {
        broker.createTopic("T", 4);
        Producer producer = producer();

        SendResult result = producer.send(Message.of("T", "x"), (queues, message, arg) -> queues.get((int) arg), 2);

        assertThat(result.queue().queueId()).isEqualTo(2);
        assertThat(broker.records("T").get(0).queueId()).isEqualTo(2);
    }

    @Test
    void shouldHeartbeatItsGroupAndUnregisterOnClose() {
        broker.createTopic("T", 1);
        Producer producer = producer();
        producer.send(Message.of("T", "x"));

        await().atMost(Duration.ofSeconds(5)).until(() -> !broker.requests(RequestCode.HEART_BEAT).isEmpty());
        HeartbeatData heartbeat = HeartbeatData.fromJson(broker.requests(RequestCode.HEART_BEAT).get(0).body());
        assertThat(heartbeat.clientID()).isEqualTo(producer.clientId());
        assertThat(heartbeat.producerDataSet()).containsExactlyInAnyOrder(new ProducerData("pg"),
                new ProducerData("CLIENT_INNER_PRODUCER"));
        assertThat(heartbeat.consumerDataSet()).isEmpty();

        producer.close();

        assertThat(broker.requests(RequestCode.UNREGISTER_CLIENT)).extracting(UnregisterClientRequestHeader::from)
                .containsExactlyInAnyOrder(new UnregisterClientRequestHeader(producer.clientId(), "pg", null),
                        new UnregisterClientRequestHeader(producer.clientId(), "CLIENT_INNER_PRODUCER", null));
    }

    @Test
    void shouldFindARouteThroughTheNextNameServerWhenOneIsDown() throws Exception {
        broker.createTopic("T", 1);
        int deadPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        Producer producer = Producer.start(ClientConfig.of("127.0.0.1:" + deadPort + ";" + broker.address()),
                ProducerConfig.of("pg"));
        closeables.add(producer);

        for (int i = 0; i < 3; i++) {
            assertThat(producer.send(Message.of("T", "x")).status()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    @Test
    void shouldRejectInvalidSettingsAndMessages() {
        assertThatThrownBy(() -> ProducerConfig.of("DEFAULT_PRODUCER")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> ProducerConfig.builder("pg").retryTimes(-1).build())
                .hasMessageContaining("retryTimes");
        assertThatThrownBy(() -> ClientConfig.of("nohost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Message.of("bad topic", "x")).hasMessageContaining("topic");
        assertThatThrownBy(() -> Message.builder("T").body(new byte[0]).build()).hasMessageContaining("empty");
        assertThatThrownBy(() -> Message.builder("T").property(PropertyKeys.UNIQ_KEY, "x"))
                .hasMessageContaining("reserved");
        Producer producer = producer(ProducerConfig.builder("pg").maxMessageSize(10).build());
        assertThatThrownBy(() -> producer.send(Message.of("T", "eleven bytes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    }
}
