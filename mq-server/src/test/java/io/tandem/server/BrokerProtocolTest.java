package io.tandem.server;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.header.PullMessageResponseHeader;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.route.TopicRouteData;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker's basic request/response behaviour on the wire, checked frame by frame. */
class BrokerProtocolTest {

    @TempDir
    Path directory;
    Broker broker;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.builder(directory).randomPorts().build());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void shouldStoreASendAndServeItToAPullWithEveryField() throws Exception {
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            RemotingCommand response = client.call(Requests.send("orders", 1,
                    Map.of("KEYS", "k1 k2", "TAGS", "TagA", "color", "blue", "UNIQ_KEY", "ABC"),
                    "hello".getBytes(StandardCharsets.UTF_8)));
            assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
            SendMessageResponseHeader sent = SendMessageResponseHeader.from(response);
            assertThat(sent.queueId()).isEqualTo(1);
            assertThat(sent.queueOffset()).isZero();
            assertThat(sent.transactionId()).isEqualTo("ABC");
            OffsetMessageId id = OffsetMessageId.decode(sent.msgId());
            assertThat(id.storeHost().getPort()).isEqualTo(Integer.parseInt(broker.brokerAddress().split(":")[1]));

            RemotingCommand pulled = pullUntilFound(client, "orders", 1, 0);
            PullMessageResponseHeader header = PullMessageResponseHeader.from(pulled);
            assertThat(header.nextBeginOffset()).isEqualTo(1);
            assertThat(header.maxOffset()).isEqualTo(1);
            List<MessageRecord> records = MessageCodec.decodeAll(pulled.body());
            assertThat(records).hasSize(1);
            MessageRecord record = records.getFirst();
            assertThat(record.topic()).isEqualTo("orders");
            assertThat(record.queueId()).isEqualTo(1);
            assertThat(record.body()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
            assertThat(record.properties()).containsEntry("KEYS", "k1 k2").containsEntry("TAGS", "TagA")
                    .containsEntry("color", "blue").containsEntry("UNIQ_KEY", "ABC");
            assertThat(record.offsetMessageId()).isEqualTo(sent.msgId());
        }
    }

    @Test
    void shouldAnswerAParkedPullWithinMillisecondsOfTheSend() throws Exception {
        try (RawClient consumer = new RawClient(broker.brokerAddress());
             RawClient producer = new RawClient(broker.brokerAddress())) {
            assertThat(producer.call(Requests.send("events", 0, Map.of(), new byte[]{-1})).code())
                    .as("the topic exists before anyone pulls it").isEqualTo(ResponseCode.SUCCESS);
            int rounds = 21;
            long[] latenciesMs = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                long offset = round + 1;
                CompletableFuture<RemotingCommand> parked = CompletableFuture.supplyAsync(() -> {
                    try {
                        return consumer.call(Requests.pull("g1", "events", 0, offset, 32, 15_000));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                awaitParkedPulls(1);
                long sentAt = System.nanoTime();
                assertThat(producer.call(Requests.send("events", 0, Map.of(), new byte[]{(byte) round})).code())
                        .isEqualTo(ResponseCode.SUCCESS);
                RemotingCommand answer = parked.get(10, TimeUnit.SECONDS);
                latenciesMs[round] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
                assertThat(answer.code()).isEqualTo(ResponseCode.SUCCESS);
                assertThat(MessageCodec.decodeAll(answer.body()).getFirst().body()).containsExactly((byte) round);
                // Woken by the arrival, not released at the end of its 15 s hold.
                assertThat(latenciesMs[round]).isLessThan(5_000);
            }
            java.util.Arrays.sort(latenciesMs);
            System.out.printf("long-poll wake-up, send to parked pull answered: median %d ms, max %d ms (%d rounds)%n",
                    latenciesMs[rounds / 2], latenciesMs[rounds - 1], rounds);
            assertThat(latenciesMs[rounds / 2]).as("median ms from send to the parked pull's answer, all: %s",
                    java.util.Arrays.toString(latenciesMs)).isLessThan(50);
        }
    }

    private void awaitParkedPulls(int count) {
        await("a pull parks").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> broker.meterRegistry().get("tandem.pulls.parked").gauge().value() >= count);
    }

    @Test
    void shouldServeRoutesOfCreatedTopicsAndRefuseUnknownOnes() throws Exception {
        try (RawClient client = new RawClient(broker.nameServerAddress());
             RawClient producer = new RawClient(broker.brokerAddress())) {
            RemotingCommand unknown = client.call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                    .extFields(new GetRouteInfoRequestHeader("nothing-here", null).toExtFields()));
            assertThat(unknown.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
            assertThat(unknown.remark()).contains("nothing-here");

            producer.call(Requests.send("created", 0, Map.of(), new byte[]{1}));
            RemotingCommand found = client.call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                    .extFields(new GetRouteInfoRequestHeader("created", null).toExtFields()));
            assertThat(found.code()).isEqualTo(ResponseCode.SUCCESS);
            TopicRouteData route = TopicRouteData.fromJson(found.body());
            assertThat(route.queueDatas()).singleElement().satisfies(queues -> {
                assertThat(queues.writeQueueNums()).isEqualTo(4);
                assertThat(queues.perm()).isEqualTo(6);
            });
            assertThat(route.brokerDatas().getFirst().masterAddress()).isEqualTo(broker.brokerAddress());
        }
    }

    @Test
    void shouldKeepTopicsAndOffsetsAcrossARestart() throws Exception {
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            client.call(Requests.send("durable", 2, Map.of(), new byte[]{7}));
            RemotingCommand commit = client.call(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                    .extFields(Map.of("consumerGroup", "g", "topic", "durable", "queueId", "2", "commitOffset", "1")));
            assertThat(commit.code()).as(commit.remark()).isEqualTo(ResponseCode.SUCCESS);
        }
        broker.close();
        broker = Broker.start(BrokerConfig.builder(directory).randomPorts().autoCreateTopics(false).build());
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            RemotingCommand offset = client.call(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                    .extFields(Map.of("consumerGroup", "g", "topic", "durable", "queueId", "2")));
            assertThat(offset.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(offset.extField("offset")).isEqualTo("1");
            RemotingCommand pulled = pullUntilFound(client, "durable", 2, 0);
            assertThat(MessageCodec.decodeAll(pulled.body()).getFirst().body()).containsExactly(7);
        }
    }

    @Test
    void shouldCountMessagesInAndOutAndTimeSendsAndPulls() throws Exception {
        try (RawClient client = new RawClient(broker.brokerAddress())) {
            client.call(Requests.send("metered", 0, Map.of(), new byte[100]));
            pullUntilFound(client, "metered", 0, 0);
        }
        var registry = broker.meterRegistry();
        assertThat(registry.get("tandem.messages.in").tag("topic", "metered").counter().count()).isEqualTo(1);
        assertThat(registry.get("tandem.bytes.in").tag("topic", "metered").counter().count()).isEqualTo(100);
        assertThat(registry.get("tandem.messages.out").tag("topic", "metered").tag("group", "reader").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("tandem.send.latency").tag("outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get("tandem.pull.latency").tag("outcome", "found").timer().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("tandem.pulls.parked").gauge().value()).isZero();
    }

    @Test
    void shouldRegisterConsumersNotifyTheGroupAndGrantEachQueueLockToOneClient() throws Exception {
        String heartbeat = """
                {"clientID":"%s","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_FIRST_OFFSET",
                "consumeType":"CONSUME_PASSIVELY","groupName":"cg","messageModel":"CLUSTERING",
                "subscriptionDataSet":[{"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*",
                "subVersion":1,"tagsSet":[],"topic":"locked"}],"unitMode":false}],"heartbeatFingerprint":0,
                "producerDataSet":[],"withoutSub":false}""";
        String lock = """
                {"clientId":"%s","consumerGroup":"cg","mqSet":[{"brokerName":"broker-a","queueId":0,"topic":"locked"}],
                "onlyThisBroker":false}""";
        try (RawClient first = new RawClient(broker.brokerAddress());
             RawClient second = new RawClient(broker.brokerAddress())) {
            RemotingCommand registered = first.call(RemotingCommand.request(RequestCode.HEART_BEAT)
                    .body(heartbeat.formatted("c1").getBytes(StandardCharsets.UTF_8)));
            assertThat(registered.code()).isEqualTo(ResponseCode.SUCCESS);
            second.call(RemotingCommand.request(RequestCode.HEART_BEAT)
                    .body(heartbeat.formatted("c2").getBytes(StandardCharsets.UTF_8)));
            // The first member is told that the group changed when the second joins.
            RemotingCommand notification;
            do {
                notification = first.read();
            } while (notification.code() != RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
            assertThat(notification.isOneway()).isTrue();
            assertThat(notification.extField("consumerGroup")).isEqualTo("cg");

            RemotingCommand members = first.call(RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                    .extFields(Map.of("consumerGroup", "cg")));
            assertThat(new String(members.body(), StandardCharsets.UTF_8)).contains("c1").contains("c2");

            RemotingCommand firstLock = first.call(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                    .body(lock.formatted("c1").getBytes(StandardCharsets.UTF_8)));
            assertThat(new String(firstLock.body(), StandardCharsets.UTF_8)).contains("\"queueId\":0");
            RemotingCommand secondLock = second.call(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                    .body(lock.formatted("c2").getBytes(StandardCharsets.UTF_8)));
            assertThat(new String(secondLock.body(), StandardCharsets.UTF_8)).doesNotContain("queueId");
            first.call(RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ)
                    .body(lock.formatted("c1").getBytes(StandardCharsets.UTF_8)));
            RemotingCommand afterUnlock = second.call(RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                    .body(lock.formatted("c2").getBytes(StandardCharsets.UTF_8)));
            assertThat(new String(afterUnlock.body(), StandardCharsets.UTF_8)).contains("\"queueId\":0");
        }
    }

    static RemotingCommand pullUntilFound(RawClient client, String topic, int queueId, long offset) throws Exception {
        return await("a message at %s/%d offset %d".formatted(topic, queueId, offset)).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> client.call(Requests.pull("reader", topic, queueId, offset, 32, 0)),
                        response -> response.code() == ResponseCode.SUCCESS);
    }
}
