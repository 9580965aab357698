package io.tandem.server;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.body.HalfMessageList;
import io.tandem.protocol.header.CheckTransactionStateRequestHeader;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.txn.CheckHalfRequestHeader;
import io.tandem.protocol.txn.CheckHalfResponseHeader;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.protocol.txn.ResolveHalfRequestHeader;
import io.tandem.protocol.txn.ResolveHalfResponseHeader;
import io.tandem.protocol.txn.ResolveOutcome;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.Requests;
import io.tandem.server.txn.CheckBackPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Half messages and END_TRANSACTION on the wire: exactly-once commit, rollback, check-back, policies, restarts. */
class TransactionTest {

    @TempDir
    Path directory;
    Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Broker start(CheckBackPolicy policy) throws Exception {
        return Broker.start(BrokerConfig.builder(directory).randomPorts().checkBack(policy).build());
    }

    private static final CheckBackPolicy SLOW_CHECKS = new CheckBackPolicy(Duration.ofMinutes(5),
            Duration.ofMinutes(5), 15, EndOfChecks.ROLLBACK);

    @Test
    void shouldDeliverACommittedHalfOnceEvenWhenCommittedTwice() throws Exception {
        broker = start(SLOW_CHECKS);
        try (RawClient producer = new RawClient(broker.brokerAddress())) {
            SendMessageResponseHeader half = sendHalf(producer, "payments", Map.of("KEYS", "tx-1"));
            assertThat(pull(producer, "payments", 0).code()).as("half invisible").isNotEqualTo(ResponseCode.SUCCESS);

            RemotingCommand first = producer.call(end(half, TransactionResolution.COMMIT, false));
            assertThat(first.code()).as(first.remark()).isEqualTo(ResponseCode.SUCCESS);
            RemotingCommand second = producer.call(end(half, TransactionResolution.COMMIT, true));
            assertThat(second.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(second.remark()).contains("already decided");

            List<MessageRecord> delivered = awaitMessages(producer, "payments", 1);
            MessageRecord message = delivered.getFirst();
            assertThat(message.property("KEYS")).isEqualTo("tx-1");
            assertThat(message.sysFlag() & MessageSysFlag.TRANSACTION_TYPE_MASK)
                    .isEqualTo(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
            assertThat(message.preparedTransactionOffset())
                    .isEqualTo(OffsetMessageId.decode(half.msgId()).commitLogOffset());
            assertNoMoreThan(producer, "payments", 1);
        }
    }

    @Test
    void shouldDiscardARolledBackHalfAndIgnoreALaterCommit() throws Exception {
        broker = start(SLOW_CHECKS);
        try (RawClient producer = new RawClient(broker.brokerAddress())) {
            SendMessageResponseHeader half = sendHalf(producer, "payments", Map.of());
            assertThat(producer.call(end(half, TransactionResolution.ROLLBACK, false)).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            RemotingCommand late = producer.call(end(half, TransactionResolution.COMMIT, true));
            assertThat(late.remark()).contains("already decided");
            assertNoMoreThan(producer, "payments", 0);
        }
    }

    @Test
    void shouldCheckBackWithTheProducerAndCommitOnItsAnswer() throws Exception {
        broker = start(new CheckBackPolicy(Duration.ofMillis(300), Duration.ofSeconds(2), 15,
                EndOfChecks.ROLLBACK));
        try (RawClient producer = new RawClient(broker.brokerAddress())) {
            producer.call(RemotingCommand.request(RequestCode.HEART_BEAT).body(("{\"clientID\":\"p1\","
                    + "\"producerDataSet\":[{\"groupName\":\"pg\"}],\"consumerDataSet\":[]}")
                    .getBytes(StandardCharsets.UTF_8)));
            SendMessageResponseHeader half = sendHalf(producer, "orders", Map.of("UNIQ_KEY", "TX-CHECKED"));

            RemotingCommand check = producer.read();
            assertThat(check.code()).isEqualTo(RequestCode.CHECK_TRANSACTION_STATE);
            CheckTransactionStateRequestHeader header = CheckTransactionStateRequestHeader.from(check);
            assertThat(header.transactionId()).isEqualTo("TX-CHECKED");
            MessageRecord body = MessageCodec.decodeAll(check.body()).getFirst();
            assertThat(body.topic()).isEqualTo("orders");
            assertThat(body.property("PGROUP")).isEqualTo("pg");
            assertThat(body.property("TRANSACTION_CHECK_TIMES")).isEqualTo("1");

            // UNKNOWN first: the broker checks again, later.
            producer.send(answer(header, TransactionResolution.UNKNOWN).build());
            RemotingCommand again = producer.read();
            assertThat(again.code()).isEqualTo(RequestCode.CHECK_TRANSACTION_STATE);
            assertThat(MessageCodec.decodeAll(again.body()).getFirst().property("TRANSACTION_CHECK_TIMES"))
                    .isEqualTo("2");
            producer.send(answer(CheckTransactionStateRequestHeader.from(again), TransactionResolution.COMMIT)
                    .build());

            assertThat(awaitMessages(producer, "orders", 1).getFirst().uniqueKey()).isEqualTo("TX-CHECKED");
            assertNoMoreThan(producer, "orders", 1);
            assertThat(half.transactionId()).isEqualTo("TX-CHECKED");
        }
    }

    @Test
    void shouldRollBackAHalfWhoseChecksRanOut() throws Exception {
        broker = start(new CheckBackPolicy(Duration.ofMillis(100), Duration.ofMillis(100), 2,
                EndOfChecks.ROLLBACK));
        try (RawClient producer = new RawClient(broker.brokerAddress())) {
            SendMessageResponseHeader half = sendHalf(producer, "orders", Map.of());
            await("the policy decides the half").atMost(Duration.ofSeconds(5)).until(() ->
                    broker.meterRegistry().get("tandem.transactions.undecided").gauge().value() == 0);
            RemotingCommand late = producer.call(end(half, TransactionResolution.COMMIT, true));
            assertThat(late.remark()).as("the policy rolled the half back").contains("already decided");
            assertNoMoreThan(producer, "orders", 0);
        }
    }

    @Test
    void shouldKeepPendingHalvesAndDecisionsAcrossARestart() throws Exception {
        broker = start(SLOW_CHECKS);
        SendMessageResponseHeader pending;
        SendMessageResponseHeader committed;
        try (RawClient producer = new RawClient(broker.brokerAddress())) {
            pending = sendHalf(producer, "ledger", Map.of("UNIQ_KEY", "PENDING"));
            committed = sendHalf(producer, "ledger", Map.of("UNIQ_KEY", "COMMITTED"));
            producer.call(end(committed, TransactionResolution.COMMIT, false));
            awaitMessages(producer, "ledger", 1);
        }
        broker.close();
        broker = start(SLOW_CHECKS);
        try (RawClient producer = new RawClient(broker.brokerAddress())) {
            RemotingCommand again = producer.call(end(committed, TransactionResolution.COMMIT, true));
            assertThat(again.remark()).contains("already decided");
            RemotingCommand decided = producer.call(end(pending, TransactionResolution.COMMIT, true));
            assertThat(decided.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(decided.remark()).isNull();
            List<MessageRecord> delivered = awaitMessages(producer, "ledger", 2);
            assertThat(delivered).extracting(MessageRecord::uniqueKey).containsExactly("COMMITTED", "PENDING");
            assertNoMoreThan(producer, "ledger", 2);
        }
    }

    @Test
    void shouldDeliverACommittedDelayedHalfNotBeforeItsTime() throws Exception {
        broker = start(SLOW_CHECKS);
        try (RawClient producer = new RawClient(broker.brokerAddress())) {
            long deliverAt = System.currentTimeMillis() + 1_500;
            SendMessageResponseHeader half = sendHalf(producer, "reminders",
                    Map.of("TIMER_DELIVER_MS", Long.toString(deliverAt)));
            producer.call(end(half, TransactionResolution.COMMIT, false));
            assertThat(pull(producer, "reminders", 0).code()).isNotEqualTo(ResponseCode.SUCCESS);
            MessageRecord delivered = awaitMessages(producer, "reminders", 1).getFirst();
            assertThat(delivered.storeTimestamp()).isGreaterThanOrEqualTo(deliverAt);
        }
    }

    @Test
    void shouldLetACoordinatorListCheckResolveAndAuditHalves() throws Exception {
        broker = Broker.start(BrokerConfig.builder(directory).randomPorts().builtInCheckBack(false).build());
        try (RawClient producer = new RawClient(broker.brokerAddress());
             RawClient coordinator = new RawClient(broker.brokerAddress())) {
            producer.call(RemotingCommand.request(RequestCode.HEART_BEAT).body(("{\"clientID\":\"p1\","
                    + "\"producerDataSet\":[{\"groupName\":\"pg\"}],\"consumerDataSet\":[]}")
                    .getBytes(StandardCharsets.UTF_8)));
            SendMessageResponseHeader byProducer = sendHalf(producer, "audit", Map.of("KEYS", "a-1"));
            SendMessageResponseHeader byOperator = sendHalf(producer, "audit", Map.of("KEYS", "a-2"));

            HalfMessageList listed = HalfMessageList.fromJson(coordinator.call(
                    RemotingCommand.request(RequestCode.TANDEM_LIST_HALVES)).body());
            assertThat(listed.halves()).extracting(HalfMessageList.Half::keys).containsExactly("a-1", "a-2");
            assertThat(listed.halves().getFirst().producerGroup()).isEqualTo("pg");

            RemotingCommand checked = coordinator.call(RemotingCommand.request(RequestCode.TANDEM_CHECK_HALF)
                    .extFields(new CheckHalfRequestHeader(byProducer.queueOffset()).toExtFields()));
            assertThat(CheckHalfResponseHeader.from(checked).sent()).isTrue();
            RemotingCommand check = producer.read();
            assertThat(check.code()).isEqualTo(RequestCode.CHECK_TRANSACTION_STATE);
            producer.send(answer(CheckTransactionStateRequestHeader.from(check), TransactionResolution.COMMIT)
                    .build());

            RemotingCommand resolved = coordinator.call(RemotingCommand.request(RequestCode.TANDEM_RESOLVE_HALF)
                    .extFields(new ResolveHalfRequestHeader(byOperator.queueOffset(),
                            OffsetMessageId.decode(byOperator.msgId()).commitLogOffset(), Decision.ROLLBACK,
                            DecisionSource.OPERATOR).toExtFields()));
            assertThat(ResolveHalfResponseHeader.from(resolved).outcome()).isEqualTo(ResolveOutcome.DECIDED);

            awaitMessages(producer, "audit", 1);
            // Decision records become readable once dispatched, a moment after they are acknowledged.
            HalfDecisionList decisions = await().atMost(Duration.ofSeconds(5)).until(() ->
                    HalfDecisionList.fromJson(coordinator.call(
                            RemotingCommand.request(RequestCode.TANDEM_HALF_DECISIONS)).body()),
                    current -> current.decisions().size() >= 2);
            assertThat(decisions.decisions()).extracting(HalfDecisionList.Entry::halfOffset,
                            HalfDecisionList.Entry::decision, HalfDecisionList.Entry::source)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(byProducer.queueOffset(), Decision.COMMIT,
                                    DecisionSource.CHECK),
                            org.assertj.core.groups.Tuple.tuple(byOperator.queueOffset(), Decision.ROLLBACK,
                                    DecisionSource.OPERATOR));
            assertThat(HalfMessageList.fromJson(coordinator.call(
                    RemotingCommand.request(RequestCode.TANDEM_LIST_HALVES)).body()).halves()).isEmpty();
            assertNoMoreThan(producer, "audit", 1);
        }
    }

    private static SendMessageResponseHeader sendHalf(RawClient producer, String topic, Map<String, String> extra)
            throws Exception {
        Map<String, String> properties = new java.util.HashMap<>(extra);
        properties.put("TRAN_MSG", "true");
        properties.put("PGROUP", "pg");
        RemotingCommand response = producer.call(Requests.send(topic, 0, properties, "tx".getBytes()));
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return SendMessageResponseHeader.from(response);
    }

    private static RemotingCommand.Builder end(SendMessageResponseHeader half, TransactionResolution resolution,
                                               boolean fromCheck) {
        EndTransactionRequestHeader header = new EndTransactionRequestHeader("pg", half.queueOffset(),
                OffsetMessageId.decode(half.msgId()).commitLogOffset(), resolution, fromCheck, half.transactionId(),
                half.transactionId(), null, null);
        return RemotingCommand.request(RequestCode.END_TRANSACTION).extFields(header.toExtFields());
    }

    private static RemotingCommand.Builder answer(CheckTransactionStateRequestHeader check,
                                                  TransactionResolution resolution) {
        EndTransactionRequestHeader header = new EndTransactionRequestHeader("pg", check.tranStateTableOffset(),
                check.commitLogOffset(), resolution, true, check.msgId(), check.transactionId(), check.topic(), null);
        return RemotingCommand.request(RequestCode.END_TRANSACTION).extFields(header.toExtFields()).oneway();
    }

    private static RemotingCommand pull(RawClient client, String topic, long offset) throws Exception {
        return client.call(Requests.pull("tx-reader", topic, 0, offset, 32, 0));
    }

    private static List<MessageRecord> awaitMessages(RawClient client, String topic, int count) {
        return await("%d messages in %s".formatted(count, topic)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    RemotingCommand response = pull(client, topic, 0);
                    return response.code() == ResponseCode.SUCCESS
                            ? MessageCodec.decodeAll(response.body()) : List.<MessageRecord>of();
                }, records -> records.size() >= count);
    }

    /**
     * Asserts that queue 0 of the topic holds exactly {@code count} messages before a marker sent now to the same
     * queue: whatever the broker was still to write there (a second copy, a rolled-back half) would have to land
     * ahead of the marker, which is written after everything already decided.
     */
    private static void assertNoMoreThan(RawClient client, String topic, int count) throws Exception {
        String marker = "marker-after-" + count;
        RemotingCommand sent = client.call(Requests.send(topic, 0, Map.of(), marker.getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.code()).as(sent.remark()).isEqualTo(ResponseCode.SUCCESS);
        List<MessageRecord> records = awaitMessages(client, topic, count + 1);
        assertThat(new String(records.get(count).body(), StandardCharsets.UTF_8))
                .as("the message after offset %d in %s is the marker", count - 1, topic).isEqualTo(marker);
        assertThat(records).as("nothing after the marker in %s", topic).hasSize(count + 1);
    }
}
