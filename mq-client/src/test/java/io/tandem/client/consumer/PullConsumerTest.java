package io.tandem.client.consumer;

import io.tandem.client.ClientConfig;
import io.tandem.client.MqClientException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.fake.FakeBroker;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullSysFlag;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PullConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

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

    private PullConsumer consumer(PullConsumerConfig config) {
        PullConsumer consumer = PullConsumer.create(ClientConfig.of(broker.address()), config);
        closeables.add(consumer);
        return consumer;
    }

    private static PullConsumerConfig.Builder config() {
        return PullConsumerConfig.builder("pull").consumeFrom(ConsumeFrom.FIRST_OFFSET).autoCommit(false)
                .longPollingSuspend(Duration.ofSeconds(1)).pullTimeout(Duration.ofSeconds(3))
                .pullRetryDelay(Duration.ofMillis(100));
    }

    private List<ReceivedMessage> pollUntil(PullConsumer consumer, int count) {
        List<ReceivedMessage> received = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            received.addAll(consumer.poll(Duration.ofMillis(100)));
            return received.size() >= count;
        });
        return received;
    }

    @Test
    void shouldPullWithTheExpressionInTheRequestAndFilterTags() {
        broker.createTopic("T", 1);
        broker.store("T", 0, "a", Map.of(PropertyKeys.TAGS, "A"));
        broker.store("T", 0, "b", Map.of(PropertyKeys.TAGS, "B"));
        broker.store("T", 0, "a2", Map.of(PropertyKeys.TAGS, "A"));
        PullConsumer consumer = consumer(config().build()).subscribe("T", "A").start();

        List<ReceivedMessage> received = pollUntil(consumer, 2);

        assertThat(received).extracting(ReceivedMessage::bodyAsString).containsExactly("a", "a2");
        PullMessageRequestHeader header = PullMessageRequestHeader.from(
                broker.requests(RequestCode.PULL_MESSAGE).get(0));
        assertThat(header.sysFlag()).isEqualTo(PullSysFlag.SUSPEND | PullSysFlag.SUBSCRIPTION);
        assertThat(header.subscription()).isEqualTo("A");
        assertThat(header.maxMsgNums()).isEqualTo(10);
        assertThat(consumer.clientId()).endsWith("@STREAM");
    }

    @Test
    void shouldCommitThePositionAfterTheLastPolledMessage() {
        broker.createTopic("T", 1);
        for (int i = 0; i < 5; i++) {
            broker.store("T", 0, "m" + i, Map.of());
        }
        MessageQueue queue = new MessageQueue("T", FakeBroker.BROKER_NAME, 0);
        PullConsumer consumer = consumer(config().pullBatchSize(3).build()).assign(List.of(queue)).start();

        List<ReceivedMessage> first = consumer.poll(WAIT);
        assertThat(first).extracting(ReceivedMessage::queueOffset).containsExactly(0L, 1L, 2L);
        consumer.commitSync();

        assertThat(broker.committedOffset("pull", "T", 0)).isEqualTo(3);
        assertThat(consumer.committed(queue)).isEqualTo(3);
        assertThat(consumer.position(queue)).isEqualTo(3);
    }

    @Test
    void shouldPollFromTheSoughtOffsetAndDropWhatWasBufferedBefore() {
        broker.createTopic("T", 1);
        for (int i = 0; i < 6; i++) {
            broker.store("T", 0, "m" + i, Map.of());
        }
        MessageQueue queue = new MessageQueue("T", FakeBroker.BROKER_NAME, 0);
        PullConsumer consumer = consumer(config().pullBatchSize(2).build()).assign(List.of(queue)).start();
        assertThat(consumer.poll(WAIT)).extracting(ReceivedMessage::queueOffset).containsExactly(0L, 1L);

        consumer.seek(queue, 4);

        assertThat(consumer.poll(WAIT)).extracting(ReceivedMessage::queueOffset).containsExactly(4L, 5L);
        consumer.seekToBegin(queue);
        assertThat(consumer.poll(WAIT)).extracting(ReceivedMessage::queueOffset).containsExactly(0L, 1L);
        consumer.seekToEnd(queue);
        assertThat(consumer.poll(Duration.ofMillis(300))).isEmpty();
        assertThat(consumer.position(queue)).isEqualTo(6);
    }

    @Test
    void shouldRejectMixingSubscribeAndAssignAndSeekingForeignQueues() {
        broker.createTopic("T", 1);
        PullConsumer consumer = consumer(config().build()).subscribe("T", "*");

        assertThatThrownBy(() -> consumer.assign(List.of(new MessageQueue("T", "b", 0))))
                .isInstanceOf(IllegalStateException.class);
        consumer.start();
        assertThatThrownBy(() -> consumer.seek(new MessageQueue("Other", "b", 0), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not owned");
        consumer.close();
        assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(1))).isInstanceOf(MqClientException.class);
    }
}
