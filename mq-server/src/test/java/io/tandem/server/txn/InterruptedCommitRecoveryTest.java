package io.tandem.server.txn;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.protocol.txn.TransactionOp;
import io.tandem.protocol.txn.TransactionOpCodec;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.metadata.TopicNames;
import io.tandem.server.support.RawClient;
import io.tandem.server.support.Requests;
import io.tandem.store.MessageStore;
import io.tandem.store.engine.CommitLogMessageStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crash between a commit's decision record and its deliverable copy: the next start completes the commit, once,
 * and later starts do not deliver it again.
 */
class InterruptedCommitRecoveryTest {

    @TempDir
    Path directory;

    /** The decision record as brokers write it, and as brokers wrote it before it held the key and group. */
    enum OpRecordFormat {
        CURRENT, WITHOUT_KEY_AND_GROUP;

        byte[] commit(long halfOffset) {
            return this == CURRENT
                    ? TransactionOpCodec.encode(new TransactionOp(Decision.COMMIT, halfOffset, DecisionSource.PRODUCER,
                    "TX-CUT", "pg"))
                    : ("C:" + halfOffset + ":PRODUCER").getBytes(StandardCharsets.US_ASCII);
        }
    }

    @ParameterizedTest
    @EnumSource(OpRecordFormat.class)
    void shouldCompleteACommitWhoseCopyWasLostAndNeverDeliverItTwice(OpRecordFormat format) throws Exception {
        BrokerConfig config = BrokerConfig.builder(directory).randomPorts().checkBack(new CheckBackPolicy(
                java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(5), 15,
                EndOfChecks.ROLLBACK)).build();
        SendMessageResponseHeader half;
        try (Broker broker = Broker.start(config); RawClient producer = new RawClient(broker.brokerAddress())) {
            RemotingCommand response = producer.call(Requests.send("settlements", 0,
                    Map.of("TRAN_MSG", "true", "PGROUP", "pg", "UNIQ_KEY", "TX-CUT"), "pay".getBytes()));
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
            half = SendMessageResponseHeader.from(response);
        }
        // What a crash right after the decision record leaves behind: the record, no copy.
        try (MessageStore store = CommitLogMessageStore.open(config.storeConfig())) {
            byte[] body = format.commit(half.queueOffset());
            store.append(new MessageDraft(TopicNames.HALF_OP_TOPIC, 0, 0, 0, 0, new byte[0], 0, Map.of(), body)
                    .toAppendRequest()).join();
        }
        for (int restart = 0; restart < 2; restart++) {
            try (Broker broker = Broker.start(config); RawClient reader = new RawClient(broker.brokerAddress())) {
                List<MessageRecord> delivered = readUpToMarker(reader, "settlements", "marker-" + restart);
                assertThat(delivered.getFirst()).as("after restart %d", restart + 1).satisfies(message -> {
                    assertThat(message.uniqueKey()).isEqualTo("TX-CUT");
                    assertThat(message.preparedTransactionOffset())
                            .isEqualTo(OffsetMessageId.decode(half.msgId()).commitLogOffset());
                });
                // One marker per start, each sent after the copy was readable: a second copy would sit among them.
                assertThat(delivered.subList(1, delivered.size()))
                        .extracting(message -> new String(message.body(), StandardCharsets.UTF_8))
                        .as("after restart %d, nothing but the copy and the markers", restart + 1)
                        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, restart)
                                .mapToObj(start -> "marker-" + start).toList());
            }
        }
    }

    /**
     * Waits until queue 0 of the topic holds a message, sends the marker there, and returns the queue's messages
     * once the marker is among them.
     */
    private static List<MessageRecord> readUpToMarker(RawClient reader, String topic, String marker) throws Exception {
        Duration timeout = Duration.ofSeconds(5);
        await().atMost(timeout).until(() -> readAll(reader, topic), records -> !records.isEmpty());
        RemotingCommand sent = reader.call(Requests.send(topic, 0, Map.of(), marker.getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.code()).as(sent.remark()).isEqualTo(ResponseCode.SUCCESS);
        return await().atMost(timeout).until(() -> readAll(reader, topic), records -> records.stream()
                .anyMatch(record -> new String(record.body(), StandardCharsets.UTF_8).equals(marker)));
    }

    private static List<MessageRecord> readAll(RawClient reader, String topic) throws Exception {
        RemotingCommand response = reader.call(Requests.pull("reader", topic, 0, 0, 32, 0));
        return response.code() == ResponseCode.SUCCESS ? MessageCodec.decodeAll(response.body()) : List.of();
    }
}
