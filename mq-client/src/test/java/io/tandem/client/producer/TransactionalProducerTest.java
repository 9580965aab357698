package io.tandem.client.producer;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.fake.FakeBroker;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CheckTransactionStateRequestHeader;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.TransactionResolution;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TransactionalProducerTest {

    private final FakeBroker broker = new FakeBroker();
    private final List<ReceivedMessage> checked = new CopyOnWriteArrayList<>();
    private volatile TransactionState localOutcome = TransactionState.COMMIT;
    private Producer producer;

    @AfterEach
    void closeEverything() {
        if (producer != null) {
            producer.close();
        }
        broker.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    private Producer start() {
        producer = Producer.startTransactional(ClientConfig.of(broker.address()), ProducerConfig.of("tx-group"),
                new TransactionListener() {
                    @Override
                    public TransactionState executeLocal(Message message, Object arg) {
                        if (arg instanceof RuntimeException failure) {
                            throw failure;
                        }
                        return localOutcome;
                    }

                    @Override
                    public TransactionState check(ReceivedMessage message) {
                        checked.add(message);
                        return TransactionState.ROLLBACK;
                    }
                });
        return producer;
    }

    private List<EndTransactionRequestHeader> endTransactions() {
        return broker.requests(RequestCode.END_TRANSACTION).stream().map(EndTransactionRequestHeader::from).toList();
    }

    @Test
    void shouldSendAHalfMessageThenCommitItWithItsOffsets() {
        broker.createTopic("Tx", 1);
        start();

        TransactionSendResult result = producer.sendInTransaction(Message.builder("Tx").body("b").delayLevel(2)
                .build(), null);

        assertThat(result.state()).isEqualTo(TransactionState.COMMIT);
        SendMessageRequestHeader half = SendMessageRequestHeader.from(
                broker.requests(RequestCode.SEND_MESSAGE_V2).get(0));
        assertThat(MessageSysFlag.transactionType(half.sysFlag()))
                .isEqualTo(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertThat(half.propertiesMap()).containsEntry(PropertyKeys.TRAN_MSG, "true")
                .containsEntry(PropertyKeys.PGROUP, "tx-group").doesNotContainKey(PropertyKeys.DELAY);
        await().atMost(Duration.ofSeconds(5)).until(() -> endTransactions().size() == 1);
        RemotingCommand request = broker.requests(RequestCode.END_TRANSACTION).get(0);
        assertThat(request.isOneway()).isTrue();
        EndTransactionRequestHeader end = endTransactions().get(0);
        assertThat(end.producerGroup()).isEqualTo("tx-group");
        assertThat(end.commitOrRollback()).isEqualTo(TransactionResolution.COMMIT);
        assertThat(end.fromTransactionCheck()).isFalse();
        assertThat(end.msgId()).isEqualTo(result.sendResult().messageId());
        assertThat(end.tranStateTableOffset()).isEqualTo(result.sendResult().queueOffset());
        assertThat(end.commitLogOffset()).isEqualTo(
                OffsetMessageId.decode(result.sendResult().offsetMessageId()).commitLogOffset());
        assertThat(end.topic()).isEqualTo("Tx");
    }

    @Test
    void shouldReportAFailingLocalTransactionAsUnknownWithItsError() {
        broker.createTopic("Tx", 1);
        start();

        TransactionSendResult result = producer.sendInTransaction(Message.of("Tx", "b"),
                new IllegalStateException("database down"));

        assertThat(result.state()).isEqualTo(TransactionState.UNKNOWN);
        await().atMost(Duration.ofSeconds(5)).until(() -> endTransactions().size() == 1);
        assertThat(endTransactions().get(0).commitOrRollback()).isEqualTo(TransactionResolution.UNKNOWN);
        assertThat(broker.requests(RequestCode.END_TRANSACTION).get(0).remark()).contains("database down");
    }

    @Test
    void shouldAnswerACheckBackWithTheListenersDecision() {
        broker.createTopic("Tx", 1);
        localOutcome = TransactionState.UNKNOWN;
        start();
        TransactionSendResult result = producer.sendInTransaction(Message.builder("Tx").body("b").keys("order-9")
                .build(), null);
        MessageRecord half = broker.records("Tx").get(0);

        broker.sendToClients(RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .extFields(new CheckTransactionStateRequestHeader(7, half.commitLogOffset(), half.uniqueKey(),
                        half.uniqueKey(), half.offsetMessageId(), "RMQ_SYS_TRANS_HALF_TOPIC",
                        FakeBroker.BROKER_NAME).toExtFields())
                .body(MessageCodec.encode(half))
                .oneway()
                .build());

        await().atMost(Duration.ofSeconds(5)).until(() -> endTransactions().size() == 2);
        assertThat(checked).singleElement().satisfies(message -> {
            assertThat(message.keys()).containsExactly("order-9");
            assertThat(message.messageId()).isEqualTo(result.sendResult().messageId());
        });
        EndTransactionRequestHeader answer = endTransactions().get(1);
        assertThat(answer.fromTransactionCheck()).isTrue();
        assertThat(answer.commitOrRollback()).isEqualTo(TransactionResolution.ROLLBACK);
        assertThat(answer.tranStateTableOffset()).isEqualTo(7);
        assertThat(answer.commitLogOffset()).isEqualTo(half.commitLogOffset());
        assertThat(answer.msgId()).isEqualTo(half.uniqueKey());
        assertThat(answer.topic()).isEqualTo("RMQ_SYS_TRANS_HALF_TOPIC");
    }

    @Test
    void shouldRefuseTransactionalSendsWithoutAListener() {
        producer = Producer.start(ClientConfig.of(broker.address()), ProducerConfig.of("plain"));

        assertThatThrownBy(() -> producer.sendInTransaction(Message.of("Tx", "b"), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("startTransactional");
    }
}
