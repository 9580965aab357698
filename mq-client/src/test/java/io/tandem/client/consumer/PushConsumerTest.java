package io.tandem.client.consumer;

import io.tandem.client.ClientConfig;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.fake.FakeBroker;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ConsumeType;
import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.HeartbeatData;
import io.tandem.protocol.body.MessageModel;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.UnregisterClientRequestHeader;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PushConsumerTest {

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

    private ClientConfig clientConfig() {
        return ClientConfig.of(broker.address());
    }

    private PushConsumerConfig.Builder config(String group) {
        return PushConsumerConfig.builder(group).consumeFrom(ConsumeFrom.FIRST_OFFSET)
                .longPollingSuspend(Duration.ofSeconds(2)).pullTimeout(Duration.ofSeconds(5))
                .pullRetryDelay(Duration.ofMillis(100)).sendBackRetryDelay(Duration.ofMillis(200))
                .suspendTime(Duration.ofMillis(50)).shutdownTimeout(Duration.ofSeconds(5));
    }

    private PushConsumer concurrent(PushConsumerConfig config, ConcurrentListener listener, String topic,
                                    String expression) {
        PushConsumer consumer = PushConsumer.concurrent(clientConfig(), config, listener).subscribe(topic, expression);
        closeables.add(consumer);
        return consumer.start();
    }

    private void store(String topic, int queueId, int count, String tag) {
        for (int i = 0; i < count; i++) {
            broker.store(topic, queueId, topic + "-" + queueId + "-" + i,
                    tag == null ? Map.of(PropertyKeys.UNIQ_KEY, "K" + topic + queueId + "_" + i)
                            : Map.of(PropertyKeys.UNIQ_KEY, "K" + topic + queueId + "_" + i, PropertyKeys.TAGS, tag));
        }
    }

    @Test
    void shouldConsumeEveryMessageOfEveryQueueAndCommitTheOffsets() {
        broker.createTopic("T", 4);
        for (int queue = 0; queue < 4; queue++) {
            store("T", queue, 5, null);
        }
        Set<String> received = ConcurrentHashMap.newKeySet();
        PushConsumer consumer = concurrent(config("cg").build(), messages -> {
            messages.forEach(message -> received.add(message.bodyAsString()));
            return ConsumeResult.SUCCESS;
        }, "T", "*");

        await().atMost(WAIT).until(() -> received.size() == 20);
        assertThat(consumer.assignedQueues()).hasSize(5).contains(new MessageQueue("%RETRY%cg",
                FakeBroker.BROKER_NAME, 0));
        consumer.close();

        for (int queue = 0; queue < 4; queue++) {
            assertThat(broker.committedOffset("cg", "T", queue)).isEqualTo(5);
        }
    }

    @Test
    void shouldAnnounceItsSubscriptionsIncludingTheRetryTopicInHeartbeats() {
        broker.createTopic("T", 1);
        PushConsumer consumer = concurrent(config("cg").build(), messages -> ConsumeResult.SUCCESS, "T",
                "TagA || TagB");

        HeartbeatData heartbeat = HeartbeatData.fromJson(broker.requests(RequestCode.HEART_BEAT).get(0).body());
        assertThat(heartbeat.clientID()).isEqualTo(consumer.clientId());
        ConsumerData data = heartbeat.consumerDataSet().iterator().next();
        assertThat(data.groupName()).isEqualTo("cg");
        assertThat(data.consumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
        assertThat(data.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(data.subscriptionDataSet()).extracting(SubscriptionData::topic)
                .containsExactlyInAnyOrder("T", "%RETRY%cg");
        SubscriptionData tags = data.subscriptionDataSet().stream().filter(s -> s.topic().equals("T")).findFirst()
                .orElseThrow();
        assertThat(tags.tagsSet()).containsExactly("TagA", "TagB");
        assertThat(tags.codeSet()).containsExactly("TagA".hashCode(), "TagB".hashCode());
    }

    @Test
    void shouldDeliverOnlyTheSubscribedTagsAndSkipTheRest() {
        broker.createTopic("T", 1);
        broker.store("T", 0, "a", Map.of(PropertyKeys.TAGS, "TagA"));
        broker.store("T", 0, "c", Map.of(PropertyKeys.TAGS, "TagC"));
        broker.store("T", 0, "none", Map.of());
        broker.store("T", 0, "b", Map.of(PropertyKeys.TAGS, "TagB"));
        List<String> received = new CopyOnWriteArrayList<>();
        PushConsumer consumer = concurrent(config("cg").build(), messages -> {
            messages.forEach(message -> received.add(message.bodyAsString()));
            return ConsumeResult.SUCCESS;
        }, "T", "TagA || TagB");

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(received).containsExactlyInAnyOrder("a", "b");
        consumer.close();
        assertThat(broker.committedOffset("cg", "T", 0)).isEqualTo(4);
    }

    @Test
    void shouldRetryAFailedMessageThroughTheBrokerWithItsOriginalTopic() {
        broker.createTopic("T", 1);
        store("T", 0, 1, "TagA");
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        concurrent(config("cg").build(), messages -> {
            deliveries.addAll(messages);
            return deliveries.size() == 1 ? ConsumeResult.RETRY_LATER : ConsumeResult.SUCCESS;
        }, "T", "*");

        await().atMost(WAIT).until(() -> deliveries.size() == 2);
        ReceivedMessage retried = deliveries.get(1);
        assertThat(retried.topic()).isEqualTo("T");
        assertThat(retried.queue().topic()).isEqualTo("%RETRY%cg");
        assertThat(retried.reconsumeTimes()).isEqualTo(1);
        assertThat(retried.messageId()).isEqualTo(deliveries.get(0).messageId());
        assertThat(retried.bodyAsString()).isEqualTo(deliveries.get(0).bodyAsString());
        RemotingCommand sendBack = broker.requests(RequestCode.CONSUMER_SEND_MSG_BACK).get(0);
        assertThat(sendBack.extFields()).containsEntry("group", "cg").containsEntry("delayLevel", "0")
                .containsEntry("originTopic", "T").containsEntry("maxReconsumeTimes", "16")
                .containsEntry("offset", Long.toString(deliveries.get(0).commitLogOffset()));
    }

    @Test
    void shouldSendADeadLetteredMessageStraightToTheDeadLetterQueueWithoutRetries() {
        broker.createTopic("T", 1);
        store("T", 0, 1, null);
        store("T", 0, 1, "Marker");
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        concurrent(config("cg").consumeBatchSize(1).build(), messages -> {
            deliveries.addAll(messages);
            return "Marker".equals(messages.get(0).tags()) ? ConsumeResult.SUCCESS : ConsumeResult.DEAD_LETTER;
        }, "T", "*");

        await().atMost(WAIT).until(() -> broker.records("%DLQ%cg").size() == 1);
        await().atMost(WAIT).until(() -> broker.committedOffset("cg", "T", 0) == 2);
        RemotingCommand sendBack = broker.requests(RequestCode.CONSUMER_SEND_MSG_BACK).get(0);
        assertThat(sendBack.extFields()).containsEntry("group", "cg").containsEntry("delayLevel", "-1");
        assertThat(broker.records("%RETRY%cg")).isEmpty();
        assertThat(deliveries).extracting(ReceivedMessage::reconsumeTimes).containsOnly(0);
    }

    @Test
    void shouldHandBackOnlyTheMessagesOfABatchTheListenerReportsFailed() {
        broker.createTopic("T", 1);
        for (int i = 0; i < 3; i++) {
            broker.store("T", 0, "m" + i, Map.of(PropertyKeys.UNIQ_KEY, "K" + i));
        }
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        concurrent(config("cg").consumeBatchSize(3).build(), messages -> {
            calls.add(messages.stream().map(ReceivedMessage::bodyAsString).toList());
            if (calls.size() == 1) {
                throw new FailedMessagesException("m1 failed", null, List.of(1), false);
            }
            return ConsumeResult.SUCCESS;
        }, "T", "*");

        await().atMost(WAIT).until(() -> calls.size() >= 2);
        await().atMost(WAIT).until(() -> broker.committedOffset("cg", "T", 0) == 3);
        assertThat(calls.get(0)).containsExactly("m0", "m1", "m2");
        assertThat(calls.get(1)).containsExactly("m1");
        assertThat(broker.requests(RequestCode.CONSUMER_SEND_MSG_BACK)).hasSize(1);
    }

    @Test
    void shouldAskForTheConfiguredDelayLevelOfEachRetry() {
        broker.createTopic("T", 1);
        store("T", 0, 1, null);
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        concurrent(config("cg").retryDelayLevels(List.of(1, 2)).build(), messages -> {
            deliveries.addAll(messages);
            return deliveries.size() <= 3 ? ConsumeResult.RETRY_LATER : ConsumeResult.SUCCESS;
        }, "T", "*");

        await().atMost(WAIT).until(() -> deliveries.size() == 4);
        assertThat(broker.requests(RequestCode.CONSUMER_SEND_MSG_BACK))
                .extracting(request -> request.extFields().get("delayLevel")).containsExactly("1", "2", "2");
    }

    @Test
    void shouldSendTheRetryCopyItselfWhenTheBrokerRefusesTheSendBack() {
        broker.createTopic("T", 1);
        store("T", 0, 1, "TagA");
        broker.intercept(RequestCode.CONSUMER_SEND_MSG_BACK,
                request -> request.response(ResponseCode.SYSTEM_ERROR).remark("store busy").build());
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        concurrent(config("cg").maxReconsumeTimes(5).build(), messages -> {
            deliveries.addAll(messages);
            return deliveries.size() == 1 ? ConsumeResult.RETRY_LATER : ConsumeResult.SUCCESS;
        }, "T", "*");

        await().atMost(WAIT).until(() -> deliveries.size() == 2);
        RemotingCommand fallback = broker.requests(RequestCode.SEND_MESSAGE_V2).get(0);
        SendMessageRequestHeader header = SendMessageRequestHeader.from(fallback);
        assertThat(header.topic()).isEqualTo("%RETRY%cg");
        assertThat(header.producerGroup()).isEqualTo("CLIENT_INNER_PRODUCER");
        assertThat(header.reconsumeTimes()).isEqualTo(1);
        assertThat(header.maxReconsumeTimes()).isEqualTo(5);
        assertThat(header.propertiesMap()).containsEntry(PropertyKeys.RETRY_TOPIC, "T")
                .containsEntry(PropertyKeys.DELAY, "3").containsEntry(PropertyKeys.TAGS, "TagA")
                .doesNotContainKeys(PropertyKeys.RECONSUME_TIME, PropertyKeys.MAX_RECONSUME_TIMES);
        assertThat(deliveries.get(1).topic()).isEqualTo("T");
        assertThat(deliveries.get(1).reconsumeTimes()).isEqualTo(1);
    }

    @Test
    void shouldHoldTheOffsetAndRetryLocallyWhenAFailedMessageCannotBeHandedBack() {
        broker.createTopic("T", 1);
        store("T", 0, 3, null);
        broker.intercept(RequestCode.CONSUMER_SEND_MSG_BACK,
                request -> request.response(ResponseCode.SYSTEM_ERROR).build());
        broker.intercept(RequestCode.SEND_MESSAGE_V2, request -> request.response(ResponseCode.SYSTEM_ERROR).build());
        AtomicInteger failuresLeft = new AtomicInteger(1);
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        PushConsumer consumer = concurrent(config("cg").build(), messages -> {
            deliveries.addAll(messages);
            boolean first = messages.get(0).queueOffset() == 0 && failuresLeft.getAndDecrement() > 0;
            return first ? ConsumeResult.RETRY_LATER : ConsumeResult.SUCCESS;
        }, "T", "*");

        await().atMost(WAIT).until(() -> deliveries.stream().filter(m -> m.queueOffset() == 0).count() == 2);
        ReceivedMessage again = deliveries.stream().filter(m -> m.queueOffset() == 0).toList().get(1);
        assertThat(again.reconsumeTimes()).isEqualTo(1);
        await().atMost(WAIT).until(() -> deliveries.size() == 4);
        consumer.close();
        assertThat(broker.committedOffset("cg", "T", 0)).isEqualTo(3);
    }

    @Test
    void shouldSplitTheQueuesBetweenMembersAndTakeThemAllWhenTheOtherLeaves() {
        broker.createTopic("T", 4);
        PushConsumer first = concurrent(config("cg").build(), messages -> ConsumeResult.SUCCESS, "T", "*");
        PushConsumer second = concurrent(config("cg").build(), messages -> ConsumeResult.SUCCESS, "T", "*");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(topicQueues(first)).hasSize(2);
            assertThat(topicQueues(second)).hasSize(2);
        });
        assertThat(topicQueues(first)).doesNotContainAnyElementsOf(topicQueues(second));

        second.close();

        await().atMost(WAIT).until(() -> topicQueues(first).size() == 4);
        assertThat(broker.requests(RequestCode.UNREGISTER_CLIENT)).extracting(UnregisterClientRequestHeader::from)
                .contains(new UnregisterClientRequestHeader(second.clientId(), null, "cg"));
    }

    private static Set<MessageQueue> topicQueues(PushConsumer consumer) {
        Set<MessageQueue> queues = new HashSet<>(consumer.assignedQueues());
        queues.removeIf(queue -> !queue.topic().equals("T"));
        return queues;
    }

    @Test
    void shouldStartAtTheEndOrAtATimestampWhenTheGroupHasNoOffset() {
        broker.createTopic("T", 1);
        store("T", 0, 3, null);
        List<String> fromLast = new CopyOnWriteArrayList<>();
        concurrent(config("last").consumeFrom(ConsumeFrom.LAST_OFFSET).build(), messages -> {
            messages.forEach(message -> fromLast.add(message.bodyAsString()));
            return ConsumeResult.SUCCESS;
        }, "T", "*");
        List<String> fromFuture = new CopyOnWriteArrayList<>();
        concurrent(config("ts").consumeFromTimestamp(Instant.now().plusSeconds(3600)).build(), messages -> {
            messages.forEach(message -> fromFuture.add(message.bodyAsString()));
            return ConsumeResult.SUCCESS;
        }, "T", "*");
        List<String> fromPast = new CopyOnWriteArrayList<>();
        concurrent(config("past").consumeFromTimestamp(Instant.now().minusSeconds(3600)).build(), messages -> {
            messages.forEach(message -> fromPast.add(message.bodyAsString()));
            return ConsumeResult.SUCCESS;
        }, "T", "*");
        await().atMost(WAIT).until(() -> fromPast.size() == 3);

        broker.store("T", 0, "new", Map.of());

        await().atMost(WAIT).until(() -> fromLast.contains("new") && fromFuture.contains("new"));
        assertThat(fromLast).containsExactly("new");
        assertThat(fromFuture).containsExactly("new");
    }

    @Test
    void shouldResumeFromTheCommittedOffsetAfterARestart() {
        broker.createTopic("T", 1);
        store("T", 0, 3, null);
        List<String> received = new CopyOnWriteArrayList<>();
        ConcurrentListener listener = messages -> {
            messages.forEach(message -> received.add(message.bodyAsString()));
            return ConsumeResult.SUCCESS;
        };
        PushConsumer first = concurrent(config("cg").build(), listener, "T", "*");
        await().atMost(WAIT).until(() -> received.size() == 3);
        first.close();
        broker.store("T", 0, "after", Map.of());

        concurrent(config("cg").build(), listener, "T", "*");

        await().atMost(WAIT).until(() -> received.contains("after"));
        assertThat(received).containsExactlyInAnyOrder("T-0-0", "T-0-1", "T-0-2", "after").endsWith("after");
    }

    @Test
    void shouldStopPullingAQueueWhoseCacheIsFull() {
        broker.createTopic("T", 1);
        store("T", 0, 100, null);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger consumed = new AtomicInteger();
        PushConsumer consumer = concurrent(config("cg").pullBatchSize(5).maxCachedMessagesPerQueue(10)
                .consumeThreads(1).build(), messages -> {
                    try {
                        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    consumed.addAndGet(messages.size());
                    return ConsumeResult.SUCCESS;
                }, "T", "*");

        await().atMost(WAIT).until(() -> maxPulledOffset() == 5);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> maxPulledOffset() == 5);

        release.countDown();
        await().atMost(WAIT).until(() -> consumed.get() == 100);
        consumer.close();
    }

    private long maxPulledOffset() {
        return broker.requests(RequestCode.PULL_MESSAGE).stream().map(PullMessageRequestHeader::from)
                .filter(header -> header.topic().equals("T"))
                .mapToLong(PullMessageRequestHeader::queueOffset).max().orElse(-1);
    }

    @Test
    void shouldFinishTheListenerCallInProgressOnCloseAndCommitIt() throws Exception {
        broker.createTopic("T", 1);
        store("T", 0, 1, null);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        PushConsumer consumer = concurrent(config("cg").build(), messages -> {
            entered.countDown();
            try {
                proceed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
            return ConsumeResult.SUCCESS;
        }, "T", "*");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicInteger finishedWhenClosed = new AtomicInteger(-1);
        Thread closer = new Thread(() -> {
            consumer.close();
            finishedWhenClosed.set(finished.get());
        });
        closer.start();
        await().atMost(WAIT).until(() -> closer.getState() == Thread.State.WAITING
                || closer.getState() == Thread.State.TIMED_WAITING);
        assertThat(closer.isAlive()).as("close waits for the listener call in progress").isTrue();
        proceed.countDown();
        closer.join(WAIT.toMillis());

        assertThat(closer.isAlive()).isFalse();
        assertThat(finishedWhenClosed).as("calls finished when close returned").hasValue(1);
        assertThat(finished).hasValue(1);
        assertThat(broker.committedOffset("cg", "T", 0)).isEqualTo(1);
    }

    @Test
    void shouldKeepPerQueueOrderAndRetryLocallyWhenTheOrderlyListenerFails() {
        broker.createTopic("T", 2);
        store("T", 0, 20, null);
        store("T", 1, 20, null);
        Map<Integer, List<Long>> seen = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        PushConsumer consumer = PushConsumer.orderly(clientConfig(), config("og").build(), messages -> {
            if (calls.incrementAndGet() % 3 == 0) {
                return ConsumeResult.RETRY_LATER;
            }
            for (ReceivedMessage message : messages) {
                seen.computeIfAbsent(message.queue().queueId(), ignored -> new CopyOnWriteArrayList<>())
                        .add(message.queueOffset());
            }
            return ConsumeResult.SUCCESS;
        }).subscribe("T", "*");
        closeables.add(consumer);
        consumer.start();

        await().atMost(WAIT).until(() -> seen.values().stream().mapToInt(List::size).sum() == 40);
        List<Long> expected = LongStream.range(0, 20).boxed().toList();
        assertThat(seen.get(0)).containsExactlyElementsOf(expected);
        assertThat(seen.get(1)).containsExactlyElementsOf(expected);
        assertThat(broker.lockHolder("T", 0)).isEqualTo(consumer.clientId());
        assertThat(broker.requests(RequestCode.CONSUMER_SEND_MSG_BACK)).isEmpty();

        consumer.close();

        assertThat(broker.lockHolder("T", 0)).isNull();
        assertThat(broker.committedOffset("og", "T", 0)).isEqualTo(20);
    }

    @Test
    void shouldMoveAnOrderlyMessageToTheDeadLetterQueueAfterTheMaximumAttempts() {
        broker.createTopic("T", 1);
        store("T", 0, 2, null);
        List<ReceivedMessage> deliveries = new CopyOnWriteArrayList<>();
        PushConsumer consumer = PushConsumer.orderly(clientConfig(), config("og").maxReconsumeTimes(2).build(),
                messages -> {
                    deliveries.addAll(messages);
                    return messages.get(0).queueOffset() == 0 ? ConsumeResult.RETRY_LATER : ConsumeResult.SUCCESS;
                }).subscribe("T", "*");
        closeables.add(consumer);
        consumer.start();

        await().atMost(WAIT).until(() -> deliveries.stream().anyMatch(m -> m.queueOffset() == 1));
        assertThat(deliveries).filteredOn(m -> m.queueOffset() == 0).extracting(ReceivedMessage::reconsumeTimes)
                .containsExactly(0, 1, 2);
        await().atMost(WAIT).until(() -> broker.records("%DLQ%og").size() == 1);
        MessageRecord dead = broker.records("%DLQ%og").get(0);
        assertThat(new String(dead.body())).isEqualTo("T-0-0");
        assertThat(dead.property(PropertyKeys.RETRY_TOPIC)).isEqualTo("T");
    }

    @Test
    void shouldGiveEveryBroadcastingMemberEveryMessageAndKeepOffsetsLocally(@TempDir Path offsetsDir) {
        broker.createTopic("T", 2);
        store("T", 0, 3, null);
        store("T", 1, 3, null);
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        PushConsumerConfig config = config("bg").messageModel(MessageModel.BROADCASTING)
                .localOffsetDirectory(offsetsDir).build();
        PushConsumer a = concurrent(config, messages -> {
            messages.forEach(message -> first.add(message.bodyAsString()));
            return ConsumeResult.SUCCESS;
        }, "T", "*");
        concurrent(config, messages -> {
            messages.forEach(message -> second.add(message.bodyAsString()));
            return ConsumeResult.SUCCESS;
        }, "T", "*");

        await().atMost(WAIT).until(() -> first.size() == 6 && second.size() == 6);
        assertThat(a.assignedQueues()).extracting(MessageQueue::topic).containsOnly("T");
        a.close();

        assertThat(offsetsDir.resolve("bg").resolve("offsets.properties")).exists();
        assertThat(broker.requests(RequestCode.UPDATE_CONSUMER_OFFSET)).isEmpty();
        List<String> restarted = new CopyOnWriteArrayList<>();
        concurrent(config, messages -> {
            messages.forEach(message -> restarted.add(message.bodyAsString()));
            return ConsumeResult.SUCCESS;
        }, "T", "*");
        broker.store("T", 0, "later", Map.of());
        await().atMost(WAIT).until(() -> restarted.contains("later"));
        assertThat(restarted).containsExactly("later");
    }

    @Test
    void shouldRefuseToStartWithoutSubscriptions() {
        PushConsumer consumer = PushConsumer.concurrent(clientConfig(), PushConsumerConfig.of("cg"),
                messages -> ConsumeResult.SUCCESS);
        closeables.add(consumer);

        assertThatThrownBy(consumer::start).hasMessageContaining("subscribes nothing");
        assertThatThrownBy(() -> PushConsumerConfig.builder("cg").pullTimeout(Duration.ofSeconds(1)).build())
                .hasMessageContaining("pullTimeout");
    }
}
