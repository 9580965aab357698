package io.tandem.client.producer;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.fake.FakeBroker;
import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A producer whose broker group's leader moves to another address under the same broker name: a name server that
 * names whichever fake broker currently leads, with the default 30 s route refresh, so only the lookup a failure
 * triggers can find the new leader.
 */
class LeaderChangeTest {

    private static final String TOPIC = "Orders";

    private final FakeBroker nameServer = new FakeBroker();
    private final FakeBroker oldLeader = new FakeBroker();
    private final FakeBroker newLeader = new FakeBroker();
    private final AtomicReference<String> leader = new AtomicReference<>(oldLeader.address());
    private Producer producer;

    @BeforeEach
    void routeTheTopicToTheCurrentLeader() {
        oldLeader.createTopic(TOPIC, 2);
        newLeader.createTopic(TOPIC, 2);
        nameServer.intercept(RequestCode.GET_ROUTEINFO_BY_TOPIC, request -> {
            if (!GetRouteInfoRequestHeader.from(request).topic().equals(TOPIC)) {
                return null;
            }
            TopicRouteData route = new TopicRouteData(null,
                    List.of(new QueueData(FakeBroker.BROKER_NAME, 2, 2, 6, 0)),
                    List.of(new BrokerData(FakeBroker.CLUSTER, FakeBroker.BROKER_NAME, Map.of(0L, leader.get()), null,
                            false)), Map.of());
            return request.response(ResponseCode.SUCCESS).body(route.toJson(JsonFlavor.STANDARD)).build();
        });
    }

    @AfterEach
    void closeEverything() {
        if (producer != null) {
            producer.close();
        }
        newLeader.close();
        oldLeader.close();
        nameServer.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    @Test
    void shouldRetryASendTheDeposedLeaderRefusedOnTheGroupsNewLeader() {
        producer = Producer.start(ClientConfig.of(nameServer.address()), ProducerConfig.of("pg"));
        producer.send(Message.of(TOPIC, "before"));
        leader.set(newLeader.address());
        oldLeader.intercept(RequestCode.SEND_MESSAGE_V2, request -> request.response(ResponseCode.SERVICE_NOT_AVAILABLE)
                .remark("not the leader of " + FakeBroker.BROKER_NAME).build());

        SendResult after = producer.send(Message.of(TOPIC, "after"));

        assertThat(bodies(newLeader)).containsExactly("after");
        assertThat(bodies(oldLeader)).containsExactly("before");
        assertThat(oldLeader.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(2);
        assertThat(after.queue().brokerName()).isEqualTo(FakeBroker.BROKER_NAME);
        // A later send goes to the new leader straight away.
        producer.send(Message.of(TOPIC, "later"));
        assertThat(bodies(newLeader)).containsExactlyInAnyOrder("after", "later");
        assertThat(oldLeader.requests(RequestCode.SEND_MESSAGE_V2)).hasSize(2);
    }

    @Test
    void shouldSendEndTransactionOfAHalfStoredBeforeTheLeaderLeftToTheGroupsCurrentLeader() {
        producer = Producer.startTransactional(ClientConfig.of(nameServer.address()), ProducerConfig.of("pg"),
                new TransactionListener() {
                    @Override
                    public TransactionState executeLocal(Message message, Object arg) {
                        return TransactionState.COMMIT;
                    }

                    @Override
                    public TransactionState check(ReceivedMessage message) {
                        return TransactionState.UNKNOWN;
                    }
                });
        HalfMessage half = producer.sendHalf(Message.of(TOPIC, "transfer"));
        leader.set(newLeader.address());
        oldLeader.close();
        // The producer learns of the new leader from a send the old one could not take. That send may time out on
        // a connection the old leader left open (its outcome is then unknown); a send after it reaches the new one.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> producer.send(Message.of(TOPIC, "after")) != null);

        producer.endTransaction(half, TransactionState.COMMIT);

        await().atMost(Duration.ofSeconds(10)).until(() -> !newLeader.requests(RequestCode.END_TRANSACTION).isEmpty());
        EndTransactionRequestHeader header = EndTransactionRequestHeader.from(
                newLeader.requests(RequestCode.END_TRANSACTION).get(0));
        assertThat(header.msgId()).isEqualTo(half.sendResult().messageId());
        assertThat(header.commitOrRollback()).isEqualTo(TransactionState.COMMIT.wire());
        assertThat(header.fromTransactionCheck()).isFalse();
    }

    private static List<String> bodies(FakeBroker broker) {
        return broker.records(TOPIC).stream().map(MessageRecord::body).map(String::new).toList();
    }
}
