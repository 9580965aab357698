package io.tandem.client.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.server.testing.RunningBroker;
import io.tandem.testing.ThreadLeaks;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;
import io.tandem.protocol.trace.TraceCodec;
import io.tandem.protocol.trace.TraceMessageType;
import io.tandem.protocol.trace.TraceRecord;
import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.txn.CheckBackPolicy;
import org.apache.rocketmq.tools.command.message.QueryMsgTraceByIdSubCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Message trace written by this client, read back by RocketMQ's own {@code mqadmin queryMsgTraceById} and by decoding
 * the trace topic: a {@code Pub} per send, {@code SubBefore}/{@code SubAfter} per consumed message, and
 * {@code EndTransaction} for each transaction decision, in the default and in a custom trace topic.
 */
class MessageTraceEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.configured(config -> config.checkBack(new CheckBackPolicy(
            Duration.ofMillis(500), Duration.ofSeconds(2), 5, EndOfChecks.ROLLBACK)));
    static AdminClient admin;
    static MqAdmin mqadmin;

    @BeforeAll
    static void startBroker() {
        admin = AdminClient.start(clientConfig(broker));
        mqadmin = new MqAdmin(broker.nameServerAddress());
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    @Test
    void shouldWritePubAndSubRecordsThatMqadminPrintsForTheMessage() {
        ClientConfig traced = clientConfig(broker).toBuilder().messageTrace().build();
        Inbox inbox = new Inbox();
        PushConsumer consumer = PushConsumer.concurrent(traced, PushConsumerConfig.of("trace-e2e-consumer"), inbox)
                .subscribe("TracedOrders", "*").start();
        try (Producer producer = Producer.start(traced, ProducerConfig.of("trace-e2e-producer"))) {
            SendResult sent = producer.send(Message.builder("TracedOrders").body("traced").tags("created")
                    .keys("order-77").build());

            String output = await().atMost(WAIT).pollInterval(POLL).until(
                    () -> mqadmin.output(new QueryMsgTraceByIdSubCommand(), "-i", sent.messageId()),
                    printed -> row(printed, "Pub") != null && row(printed, "Sub") != null);
            assertThat(row(output, "Pub")).contains("trace-e2e-producer").endsWith("success");
            assertThat(row(output, "Sub")).contains("trace-e2e-consumer").endsWith("success");

            List<TraceRecord> records = await().atMost(WAIT).pollInterval(POLL).until(
                    () -> records(ClientConfig.DEFAULT_TRACE_TOPIC, sent.messageId()), found -> found.size() >= 3);
            TraceRecord.Publish pub = only(records, TraceRecord.Publish.class);
            assertThat(pub.group()).isEqualTo("trace-e2e-producer");
            assertThat(pub.topic()).isEqualTo("TracedOrders");
            assertThat(pub.tags()).isEqualTo("created");
            assertThat(pub.keys()).isEqualTo("order-77");
            assertThat(pub.storeHost()).isEqualTo(broker.brokerAddress());
            assertThat(pub.offsetMsgId()).isEqualTo(sent.offsetMessageId());
            assertThat(pub.messageType()).isEqualTo(TraceMessageType.NORMAL);
            assertThat(pub.success()).isTrue();
            assertThat(pub.clientHost()).isEqualTo(producer.clientId());
            TraceRecord.ConsumeBefore before = only(records, TraceRecord.ConsumeBefore.class);
            TraceRecord.ConsumeAfter after = only(records, TraceRecord.ConsumeAfter.class);
            assertThat(before.group()).isEqualTo("trace-e2e-consumer");
            assertThat(before.retryTimes()).isZero();
            assertThat(after.requestId()).isEqualTo(before.requestId());
            assertThat(after.group()).isEqualTo("trace-e2e-consumer");
            assertThat(after.success()).isTrue();
            assertThat(after.contextCode()).isZero();
            assertThat(after.timestamp()).isGreaterThanOrEqualTo(before.timestamp());
            assertThat(admin.queryByKey(ClientConfig.DEFAULT_TRACE_TOPIC, "order-77", 16, Instant.EPOCH,
                    Instant.now().plusSeconds(60))).as("trace messages found by the business key").isNotEmpty();
        } finally {
            consumer.close();
        }
    }

    @Test
    void shouldRecordTheTransactionDecisionsInACustomTraceTopic() {
        ClientConfig traced = clientConfig(broker).toBuilder().messageTrace("app-trace").build();
        TransactionListener listener = new TransactionListener() {
            @Override
            public TransactionState executeLocal(Message message, Object arg) {
                return TransactionState.UNKNOWN;
            }

            @Override
            public TransactionState check(ReceivedMessage message) {
                return TransactionState.COMMIT;
            }
        };
        try (Producer producer = Producer.startTransactional(traced, ProducerConfig.of("trace-e2e-tx"), listener)) {
            TransactionSendResult sent = producer.sendInTransaction(Message.builder("TracedPayments")
                    .body("pay").keys("payment-5").build(), null);
            String id = sent.sendResult().messageId();

            List<TraceRecord> records = await().atMost(WAIT).pollInterval(POLL).until(() -> records("app-trace", id),
                    found -> found.stream().filter(TraceRecord.EndTransaction.class::isInstance).count() == 2);
            assertThat(only(records, TraceRecord.Publish.class).messageType())
                    .isEqualTo(TraceMessageType.TRANSACTION_HALF);
            List<TraceRecord.EndTransaction> decisions = records.stream()
                    .filter(TraceRecord.EndTransaction.class::isInstance).map(TraceRecord.EndTransaction.class::cast)
                    .sorted(Comparator.comparing(TraceRecord.EndTransaction::fromCheck)).toList();
            assertThat(decisions).extracting(TraceRecord.EndTransaction::state).containsExactly(
                    io.tandem.protocol.trace.TransactionState.UNKNOW,
                    io.tandem.protocol.trace.TransactionState.COMMIT_MESSAGE);
            assertThat(decisions).extracting(TraceRecord.EndTransaction::fromCheck).containsExactly(false, true);
            assertThat(decisions).allSatisfy(decision -> {
                assertThat(decision.group()).isEqualTo("trace-e2e-tx");
                assertThat(decision.topic()).isEqualTo("TracedPayments");
                assertThat(decision.keys()).isEqualTo("payment-5");
                assertThat(decision.storeHost()).isEqualTo(broker.brokerAddress());
            });
            assertThat(mqadmin.output(new QueryMsgTraceByIdSubCommand(), "-i", id, "-t", "app-trace"))
                    .contains("trace-e2e-tx");
            assertThat(records(ClientConfig.DEFAULT_TRACE_TOPIC, id)).as("nothing in the default trace topic")
                    .isEmpty();
        }
    }

    @Test
    void shouldTraceNothingWhenMessageTraceIsOff() {
        ClientConfig plain = clientConfig(broker);
        assertThat(plain.messageTrace()).isFalse();
        ClientConfig traced = plain.toBuilder().messageTrace().build();
        try (Producer untraced = Producer.start(plain, ProducerConfig.of("trace-e2e-off"));
             Producer marker = Producer.start(traced, ProducerConfig.of("trace-e2e-marker"))) {
            SendResult quiet = untraced.send(Message.builder("UntracedOrders").body("quiet").build());
            SendResult loud = marker.send(Message.builder("UntracedOrders").body("marker").build());

            await().atMost(WAIT).pollInterval(POLL).until(
                    () -> records(ClientConfig.DEFAULT_TRACE_TOPIC, loud.messageId()), found -> !found.isEmpty());
            assertThat(records(ClientConfig.DEFAULT_TRACE_TOPIC, quiet.messageId())).isEmpty();
        }
    }

    /** The records about {@code msgId} in {@code traceTopic}, as RocketMQ's trace query finds them (by the id). */
    private static List<TraceRecord> records(String traceTopic, String msgId) {
        List<TraceRecord> records = new ArrayList<>();
        List<ReceivedMessage> messages;
        try {
            messages = admin.queryByKey(traceTopic, msgId, 64, Instant.EPOCH, Instant.now().plusSeconds(60));
        } catch (RuntimeException topicNotThereYet) {
            return records;
        }
        for (ReceivedMessage message : messages) {
            for (TraceRecord record : TraceCodec.decode(new String(message.body(), StandardCharsets.UTF_8))) {
                if (msgId.equals(record.msgId())) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static <T extends TraceRecord> T only(List<TraceRecord> records, Class<T> type) {
        List<T> found = records.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName() + " records").hasSize(1);
        return found.get(0);
    }

    /** The first data row of {@code queryMsgTraceById}'s output whose type column is {@code type}. */
    private static String row(String output, String type) {
        return output.lines().map(String::strip).filter(line -> line.startsWith(type + " ")).findFirst()
                .orElse(null);
    }
}
