package io.tandem.server;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.ResetOffsetBody;
import io.tandem.protocol.header.GetConsumerRunningInfoRequestHeader;
import io.tandem.protocol.header.ResetOffsetRequestHeader;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the broker passes on to a consumer over the consumer's own connection, checked on the wire: the
 * consumer's answer goes back to the admin unchanged, a consumer that goes away while asked fails the call at once, and
 * an offset reset reaches live members as RESET_CONSUMER_CLIENT_OFFSET but rewrites an offline group's offsets.
 */
class ClientCallsTest {

    private static final String HEARTBEAT = """
            {"clientID":"%s","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_FIRST_OFFSET",
            "consumeType":"CONSUME_PASSIVELY","groupName":"%s","messageModel":"CLUSTERING",
            "subscriptionDataSet":[{"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*",
            "subVersion":1,"tagsSet":[],"topic":"calls"}],"unitMode":false}],"heartbeatFingerprint":0,
            "producerDataSet":[],"withoutSub":false}""";

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
    void shouldPassTheConsumersOwnAnswerBackToTheAdmin() throws Exception {
        try (RawClient consumer = new RawClient(broker.brokerAddress());
             RawClient admin = new RawClient(broker.brokerAddress())) {
            join(consumer, "c1", "calls-group");

            CompletableFuture<RemotingCommand> answer = CompletableFuture.supplyAsync(() -> call(admin,
                    RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO).extFields(
                            new GetConsumerRunningInfoRequestHeader("calls-group", "c1", false).toExtFields())));
            RemotingCommand asked = next(consumer, RequestCode.GET_CONSUMER_RUNNING_INFO);
            assertThat(asked.isOneway()).isFalse();
            assertThat(asked.extField("clientId")).isEqualTo("c1");
            consumer.send(asked.response(ResponseCode.SUCCESS).remark("from c1")
                    .body("{\"properties\":{}}".getBytes(StandardCharsets.UTF_8))
                    .opaque(asked.opaque()).flag(RemotingCommand.RESPONSE_FLAG).build());

            RemotingCommand relayed = answer.get(10, TimeUnit.SECONDS);
            assertThat(relayed.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(relayed.remark()).isEqualTo("from c1");
            assertThat(new String(relayed.body(), StandardCharsets.UTF_8)).isEqualTo("{\"properties\":{}}");

            RemotingCommand unknown = call(admin, RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                    .extFields(new GetConsumerRunningInfoRequestHeader("calls-group", "c9", false).toExtFields()));
            assertThat(unknown.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(unknown.remark()).isEqualTo("The Consumer <calls-group> <c9> not online");
        }
    }

    @Test
    void shouldFailTheCallAtOnceWhenTheConsumerDisconnectsBeforeAnswering() throws Exception {
        try (RawClient admin = new RawClient(broker.brokerAddress())) {
            RawClient consumer = new RawClient(broker.brokerAddress());
            join(consumer, "c1", "calls-group");
            long startedNs = System.nanoTime();
            CompletableFuture<RemotingCommand> answer = CompletableFuture.supplyAsync(() -> call(admin,
                    RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO).extFields(
                            new GetConsumerRunningInfoRequestHeader("calls-group", "c1", false).toExtFields())));
            next(consumer, RequestCode.GET_CONSUMER_RUNNING_INFO);
            consumer.close();

            RemotingCommand failed = answer.get(10, TimeUnit.SECONDS);
            assertThat(failed.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(failed.remark()).startsWith("invoke consumer <calls-group> <c1> Exception");
            assertThat(Duration.ofNanos(System.nanoTime() - startedNs)).as("well before the call timeout")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldTellLiveMembersToResetAndRewriteTheOffsetsOfAnOfflineGroup() throws Exception {
        try (RawClient producer = new RawClient(broker.brokerAddress());
             RawClient consumer = new RawClient(broker.brokerAddress());
             RawClient admin = new RawClient(broker.brokerAddress())) {
            for (int i = 0; i < 3; i++) {
                RemotingCommand sent = producer.call(Requests.send("calls", 0, Map.of(), new byte[]{1}));
                assertThat(sent.code()).as(sent.remark()).isEqualTo(ResponseCode.SUCCESS);
            }
            BrokerProtocolTest.pullUntilFound(producer, "calls", 0, 2);
            join(consumer, "c1", "live-group");
            commit(admin, "live-group", 3);
            commit(admin, "offline-group", 3);

            RemotingCommand live = call(admin, reset("live-group"));
            assertThat(live.code()).as(live.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(ResetOffsetBody.fromJson(live.body()).offsetTable())
                    .containsEntry(new MessageQueue("calls", "broker-a", 0), 0L);
            RemotingCommand told = next(consumer, RequestCode.RESET_CONSUMER_CLIENT_OFFSET);
            assertThat(told.isOneway()).isTrue();
            assertThat(told.extField("group")).isEqualTo("live-group");
            assertThat(ResetOffsetBody.fromJson(told.body()).offsetTable())
                    .containsEntry(new MessageQueue("calls", "broker-a", 0), 0L);
            assertThat(committed(admin, "live-group")).as("a live member commits the reset itself").isEqualTo(3);

            RemotingCommand offline = call(admin, reset("offline-group"));
            assertThat(offline.code()).as(offline.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(committed(admin, "offline-group")).isZero();
        }
    }

    private static void join(RawClient client, String clientId, String group) throws Exception {
        RemotingCommand registered = client.call(RemotingCommand.request(RequestCode.HEART_BEAT)
                .body(HEARTBEAT.formatted(clientId, group).getBytes(StandardCharsets.UTF_8)));
        assertThat(registered.code()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static RemotingCommand.Builder reset(String group) {
        return RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET)
                .extFields(new ResetOffsetRequestHeader("calls", group, 0, true, null, -1L).toExtFields());
    }

    private static void commit(RawClient client, String group, long offset) throws Exception {
        RemotingCommand committed = client.call(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET)
                .extFields(Map.of("consumerGroup", group, "topic", "calls", "queueId", "0",
                        "commitOffset", Long.toString(offset))));
        assertThat(committed.code()).as(committed.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static long committed(RawClient client, String group) throws Exception {
        RemotingCommand offset = client.call(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .extFields(Map.of("consumerGroup", group, "topic", "calls", "queueId", "0")));
        assertThat(offset.code()).as(offset.remark()).isEqualTo(ResponseCode.SUCCESS);
        return Long.parseLong(offset.extField("offset"));
    }

    /** The next request with {@code code} the broker sends on its own, skipping others (notifications). */
    private static RemotingCommand next(RawClient client, int code) throws Exception {
        while (true) {
            RemotingCommand command = client.read();
            if (!command.isResponse() && command.code() == code) {
                return command;
            }
        }
    }

    private static RemotingCommand call(RawClient client, RemotingCommand.Builder request) {
        try {
            return client.call(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
