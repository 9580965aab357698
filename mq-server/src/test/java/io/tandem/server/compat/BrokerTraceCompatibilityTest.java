package io.tandem.server.compat;

import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.protocol.trace.CheckBackAnswer;
import io.tandem.protocol.trace.DeadLetterReason;
import io.tandem.protocol.trace.TraceCodec;
import io.tandem.protocol.trace.TraceDescriptor;
import io.tandem.protocol.trace.TraceRecord;
import io.tandem.server.testing.RunningBroker;
import io.tandem.server.trace.TraceSettings;
import io.tandem.server.txn.CheckBackPolicy;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.apache.rocketmq.tools.command.broker.UpdateBrokerConfigSubCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker's own trace records, read back the way RocketMQ's trace query reads the trace topic (QUERY_MESSAGE by
 * message id): where and when a message was stored, each redelivery and the dead-letter move with the attempt, and a
 * transaction's half, each check-back with its answer, and the decision with who made it.
 */
class BrokerTraceCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    @RegisterExtension
    final RunningBroker broker = RunningBroker.configured(config -> config
            .checkBack(new CheckBackPolicy(Duration.ofMillis(500), Duration.ofMillis(500), 15, EndOfChecks.ROLLBACK))
            .trace(new TraceSettings(TraceDescriptor.DEFAULT_TOPIC, true)));
    private RocketMqClients clients;
    private DefaultMQAdminExt admin;

    @BeforeEach
    void start() throws Exception {
        clients = new RocketMqClients(broker.nameServerAddress());
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(broker.nameServerAddress());
        admin.setInstanceName("broker-trace-admin-" + System.nanoTime());
        admin.start();
    }

    @AfterEach
    void stop() throws Exception {
        admin.shutdown();
        clients.close();
    }

    @Test
    void shouldRecordWhereAMessageWasStoredEachRedeliveryAndTheDeadLetterMove() throws Exception {
        String topic = "broker-trace-retry";
        DefaultMQProducer producer = clients.producer("broker-trace-producer");
        SendResult onceFailing = producer.send(new Message(topic, "TagR", "k-once", bytes("fails-once")));
        SendResult alwaysFailing = producer.send(new Message(topic, "TagR", "k-dead", bytes("always-fails")));
        AtomicInteger onceFailures = new AtomicInteger();
        DefaultMQPushConsumer consumer = clients.pushConsumer("broker-trace-group");
        consumer.setMaxReconsumeTimes(1);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            for (MessageExt message : messages) {
                String body = new String(message.getBody(), StandardCharsets.UTF_8);
                if (body.equals("always-fails") || (body.equals("fails-once") && onceFailures.getAndIncrement() == 0)) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();

        List<TraceRecord> once = await().atMost(TIMEOUT).pollInterval(POLL).until(
                () -> brokerRecords(onceFailing.getMsgId()), records -> records.size() >= 2);
        TraceRecord.Stored stored = (TraceRecord.Stored) once.get(0);
        assertThat(stored.topic()).isEqualTo(topic);
        assertThat(stored.broker()).isEqualTo("broker-a");
        assertThat(stored.queueId()).isEqualTo(onceFailing.getMessageQueue().getQueueId());
        assertThat(stored.queueOffset()).isEqualTo(onceFailing.getQueueOffset());
        assertThat(stored.offsetMsgId()).isEqualTo(onceFailing.getOffsetMsgId());
        assertThat(stored.keys()).isEqualTo("k-once");
        assertThat(stored.tags()).isEqualTo("TagR");
        TraceRecord.Retry retry = (TraceRecord.Retry) once.get(1);
        assertThat(retry.group()).isEqualTo("broker-trace-group");
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.originTopic()).isEqualTo(topic);
        assertThat(retry.delayLevel()).isEqualTo(3);
        assertThat(retry.timestamp()).isGreaterThanOrEqualTo(stored.timestamp());

        List<TraceRecord> dead = await().atMost(TIMEOUT).pollInterval(POLL).until(
                () -> brokerRecords(alwaysFailing.getMsgId()),
                records -> records.stream().anyMatch(TraceRecord.DeadLetter.class::isInstance));
        assertThat(dead).extracting(TraceRecord::type).extracting(Enum::name)
                .containsExactly("BROKER_STORED", "BROKER_RETRY", "BROKER_DEAD_LETTER");
        TraceRecord.DeadLetter letter = (TraceRecord.DeadLetter) dead.get(2);
        assertThat(letter.group()).isEqualTo("broker-trace-group");
        assertThat(letter.attempt()).isEqualTo(2);
        assertThat(letter.reason()).as("the consumer's own maximum (1) is below the group's (16)")
                .isEqualTo(DeadLetterReason.BEFORE_GROUP_MAXIMUM);
        assertThat(letter.originTopic()).isEqualTo(topic);
    }

    @Test
    void shouldRecordAHalfMessageItsCheckBacksAndTheDecision() throws Exception {
        String topic = "broker-trace-tx";
        AtomicInteger checks = new AtomicInteger();
        TransactionMQProducer producer = clients.transactionProducer("broker-trace-tx-producer",
                new TransactionListener() {
                    @Override
                    public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                        return LocalTransactionState.UNKNOW;
                    }

                    @Override
                    public LocalTransactionState checkLocalTransaction(MessageExt message) {
                        return checks.incrementAndGet() == 1 ? LocalTransactionState.UNKNOW
                                : LocalTransactionState.COMMIT_MESSAGE;
                    }
                });
        producer.start();

        TransactionSendResult sent = producer.sendMessageInTransaction(
                new Message(topic, "TagT", "order-9", bytes("pay")), null);

        List<TraceRecord> records = await().atMost(TIMEOUT).pollInterval(POLL).until(
                () -> brokerRecords(sent.getMsgId()),
                found -> found.stream().anyMatch(TraceRecord.Stored.class::isInstance));
        assertThat(records).extracting(TraceRecord::type).extracting(Enum::name).containsExactly("BROKER_HALF",
                "BROKER_CHECK_BACK", "BROKER_CHECK_BACK", "BROKER_DECISION", "BROKER_STORED");
        TraceRecord.HalfStored half = (TraceRecord.HalfStored) records.get(0);
        assertThat(half.producerGroup()).isEqualTo("broker-trace-tx-producer");
        assertThat(half.topic()).isEqualTo(topic);
        assertThat(half.keys()).isEqualTo("order-9");
        TraceRecord.CheckBack first = (TraceRecord.CheckBack) records.get(1);
        TraceRecord.CheckBack second = (TraceRecord.CheckBack) records.get(2);
        assertThat(first.checkNumber()).isEqualTo(1);
        assertThat(first.answer()).isEqualTo(CheckBackAnswer.UNKNOWN);
        assertThat(second.checkNumber()).isEqualTo(2);
        assertThat(second.answer()).isEqualTo(CheckBackAnswer.COMMIT);
        assertThat(second.clientId()).isEqualTo(producer.buildMQClientId());
        assertThat(second.clientAddr()).startsWith("127.0.0.1:");
        assertThat(second.latencyMs()).isBetween(0L, TIMEOUT.toMillis());
        TraceRecord.Decided decided = (TraceRecord.Decided) records.get(3);
        assertThat(decided.decision()).isEqualTo("COMMIT");
        assertThat(decided.source()).isEqualTo("CHECK");
        assertThat(decided.halfOffset()).isEqualTo(half.halfOffset());
        assertThat(((TraceRecord.Stored) records.get(4)).topic()).isEqualTo(topic);
    }

    @Test
    void shouldStopAndResumeRecordingWhenAnOperatorSwitchesItAtRuntime() throws Exception {
        MqAdmin mqadmin = new MqAdmin(broker.nameServerAddress());
        DefaultMQProducer producer = clients.producer("broker-trace-switch-producer");
        mqadmin.output(new UpdateBrokerConfigSubCommand(), "-b", broker.brokerAddress(), "-k", "traceBrokerRecords",
                "-v", "false");
        SendResult untraced = producer.send(new Message("broker-trace-switch", "TagS", "k-untraced",
                bytes("while off")));
        // Indexed by the store's dispatch, right before the recorder is told of it: it has been seen while off.
        await().atMost(TIMEOUT).pollInterval(POLL).ignoreExceptions().until(() -> !admin.queryMessage(
                "broker-trace-switch", "k-untraced", 1, 0, Long.MAX_VALUE).getMessageList().isEmpty());
        mqadmin.output(new UpdateBrokerConfigSubCommand(), "-b", broker.brokerAddress(), "-k", "traceBrokerRecords",
                "-v", "true");
        SendResult traced = producer.send(new Message("broker-trace-switch", bytes("on again")));

        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> !brokerRecords(traced.getMsgId()).isEmpty());
        assertThat(brokerRecords(untraced.getMsgId())).isEmpty();
    }

    /** The broker's records about {@code msgId}, in the order it wrote them. */
    private List<TraceRecord> brokerRecords(String msgId) throws Exception {
        List<TraceRecord> records = new ArrayList<>();
        List<MessageExt> traceMessages;
        try {
            traceMessages = new ArrayList<>(admin.queryMessage(TraceDescriptor.DEFAULT_TOPIC, msgId, 64, 0,
                    Long.MAX_VALUE).getMessageList());
        } catch (org.apache.rocketmq.client.exception.MQClientException notFoundYet) {
            return records;
        }
        traceMessages.sort((a, b) -> Long.compare(a.getQueueOffset(), b.getQueueOffset()));
        for (MessageExt message : traceMessages) {
            for (TraceRecord record : TraceCodec.decode(new String(message.getBody(), StandardCharsets.UTF_8))) {
                if (msgId.equals(record.msgId()) && record.type().name().startsWith("BROKER_")) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
