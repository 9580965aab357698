package io.tandem.client.e2e;

import io.tandem.client.Message;
import io.tandem.client.MqBrokerException;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.TopicNotFoundException;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.GroupOffsets;
import io.tandem.client.admin.GroupSettings;
import io.tandem.client.admin.QueueStats;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.Connection;
import io.tandem.protocol.body.ConsumerConnection;
import io.tandem.protocol.body.MessageModel;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.server.testing.RunningBroker;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The admin client against a real broker. */
class AdminEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();
    static Producer producer;
    static AdminClient admin;

    @BeforeAll
    static void startBroker() {
        producer = Producer.start(clientConfig(broker), ProducerConfig.of("admin-e2e-producer"));
        admin = AdminClient.start(clientConfig(broker));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        producer.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    @Test
    void shouldCreateListDescribeAndDeleteATopic() {
        admin.createTopic(TopicSettings.of("Managed", 6));

        assertThat(admin.listTopics()).contains("Managed");
        assertThat(admin.topicSettings()).containsEntry("Managed", TopicSettings.of("Managed", 6));
        assertThat(admin.clusterInfo().brokerAddrTable()).hasSize(1);
        assertThat(producer.publishQueues("Managed")).hasSize(6);
        for (int i = 0; i < 12; i++) {
            producer.send(Message.of("Managed", "m" + i));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            List<QueueStats> stats = admin.topicStats("Managed");
            assertThat(stats).hasSize(6).extracting(QueueStats::minOffset).containsOnly(0L);
            assertThat(stats).as("every queue got two").extracting(QueueStats::maxOffset).containsOnly(2L);
        });

        admin.createTopic(new TopicSettings("Managed", 8, 8, 6, false));
        assertThat(admin.topicStats("Managed")).hasSize(8);

        admin.deleteTopic("Managed");

        assertThat(admin.listTopics()).doesNotContain("Managed");
        assertThatThrownBy(() -> admin.topicStats("Managed")).isInstanceOf(TopicNotFoundException.class);
    }

    @Test
    void shouldCreateListAndDeleteAGroup() {
        admin.createGroup(new GroupSettings("managed-group", 3, 1, true, false));

        assertThat(admin.listGroups()).containsEntry("managed-group",
                new GroupSettings("managed-group", 3, 1, true, false));

        admin.deleteGroup("managed-group", true);

        assertThat(admin.listGroups()).doesNotContainKey("managed-group");
    }

    @Test
    void shouldReportAGroupsMembersOffsetsAndLag() {
        String topic = "Lagging";
        admin.createTopic(TopicSettings.of(topic, 2));
        for (int i = 0; i < 10; i++) {
            producer.send(Message.of(topic, "before-" + i));
        }
        Inbox inbox = new Inbox();
        try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker),
                PushConsumerConfig.builder("lagging").consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox)) {
            consumer.subscribe(topic, "*").start();
            await().atMost(WAIT).until(() -> inbox.size() == 10);
            ConsumerConnection members = admin.groupMembers("lagging");
            assertThat(members.connectionSet()).extracting(Connection::clientId).containsExactly(consumer.clientId());
            assertThat(members.subscriptionTable()).containsKeys(topic, "%RETRY%lagging");
            assertThat(members.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        }
        for (int i = 0; i < 5; i++) {
            producer.send(Message.of(topic, "after-" + i));
        }

        await().atMost(WAIT).untilAsserted(() -> {
            GroupOffsets offsets = admin.groupOffsets("lagging", topic);
            assertThat(offsets.queues()).extracting(GroupOffsets.QueueLag::queue).extracting(MessageQueue::topic)
                    .containsOnly(topic);
            assertThat(offsets.queues()).hasSize(2);
            assertThat(offsets.totalLag()).isEqualTo(5);
            assertThat(offsets.queues().stream().mapToLong(GroupOffsets.QueueLag::consumerOffset).sum())
                    .isEqualTo(10);
        });
        assertThat(admin.groupOffsets("lagging").lag(topic)).isEqualTo(5);
        assertThatThrownBy(() -> admin.groupMembers("lagging"))
                .isInstanceOfSatisfying(MqBrokerException.class,
                        e -> assertThat(e.code()).isEqualTo(ResponseCode.CONSUMER_NOT_ONLINE));
    }

    @Test
    void shouldSnapshotEveryTopicsQueuesAndEveryGroupsOffsetsAtOnce() {
        admin.createTopic(TopicSettings.of("SnapshotA", 2));
        admin.createTopic(TopicSettings.of("SnapshotB", 3));
        for (int i = 0; i < 4; i++) {
            producer.send(Message.of("SnapshotA", "a" + i));
        }
        Inbox inbox = new Inbox();
        try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker),
                PushConsumerConfig.builder("snapshot-group").consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox)) {
            consumer.subscribe("SnapshotA", "*").start();
            await().atMost(WAIT).until(() -> inbox.size() == 4);
        }
        producer.send(Message.of("SnapshotA", "unconsumed"));

        await().atMost(WAIT).untilAsserted(() -> {
            var topics = admin.allTopicStats();
            assertThat(topics.get("SnapshotA")).hasSize(2).extracting(QueueStats::maxOffset)
                    .satisfies(max -> assertThat(max.stream().mapToLong(Long::longValue).sum()).isEqualTo(5));
            assertThat(topics.get("SnapshotB")).hasSize(3).extracting(QueueStats::maxOffset).containsOnly(0L);
            GroupOffsets group = admin.allGroupOffsets().get("snapshot-group");
            assertThat(group).isNotNull();
            assertThat(group.lag("SnapshotA")).isEqualTo(1);
        });
    }

    @Test
    void shouldResetALiveAndAnOfflineGroupByTimeSoThatItConsumesAgainAndSkipItsBacklog() {
        String topic = "Rewound";
        admin.createTopic(TopicSettings.of(topic, 2));
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 6; i++) {
            producer.send(Message.of(topic, "r" + i));
        }
        Inbox first = new Inbox();
        PushConsumerConfig config = PushConsumerConfig.builder("rewound").consumeFrom(ConsumeFrom.FIRST_OFFSET).build();
        try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), config, first)) {
            consumer.subscribe(topic, "*").start();
            await().atMost(WAIT).until(() -> first.size() == 6);
            await().atMost(WAIT).until(() -> admin.groupOffsets("rewound", topic).totalLag() == 0);

            var live = admin.resetOffsetsByTime("rewound", topic, before);

            assertThat(live).hasSize(2).containsValues(0L);
            await().atMost(WAIT).until(() -> first.size() >= 12);
            assertThat(first.messages().stream().map(message -> message.bodyAsString()).toList())
                    .containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5", "r0", "r1", "r2", "r3", "r4",
                            "r5");
        }

        var reset = admin.resetOffsetsByTime("rewound", topic, before);

        assertThat(reset).hasSize(2).containsValues(0L);
        Inbox again = new Inbox();
        try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), config, again)) {
            consumer.subscribe(topic, "*").start();
            await().atMost(WAIT).until(() -> again.size() >= 6);
            assertThat(again.bodies()).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4", "r5");
        }

        for (int i = 0; i < 3; i++) {
            producer.send(Message.of(topic, "skipped-" + i));
        }
        await().atMost(WAIT).until(() -> admin.groupOffsets("rewound", topic).totalLag() == 3);
        admin.skipBacklog("rewound", topic);
        assertThat(admin.groupOffsets("rewound", topic).totalLag()).isZero();
        producer.send(Message.of(topic, "marker"));
        Inbox afterSkip = new Inbox();
        try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(broker), config, afterSkip)) {
            consumer.subscribe(topic, "*").start();
            await().atMost(WAIT).until(() -> afterSkip.bodies().contains("marker"));
            assertThat(afterSkip.bodies()).containsExactly("marker");
        }
    }

    @Test
    void shouldFindMessagesByKeyUniqueKeyBrokerIdAndTime() {
        String topic = "Searched";
        Instant before = Instant.now().minusSeconds(1);
        SendResult first = producer.send(Message.builder(topic).body("first").keys("order-1").build());
        SendResult second = producer.send(Message.builder(topic).body("second").keys("order-1", "other").build());
        SendResult third = producer.send(Message.builder(topic).body("third").keys("order-2").build());
        Instant after = Instant.now().plusSeconds(1);

        ReceivedMessage viewed = admin.viewMessage(second.offsetMessageId());
        assertThat(viewed.bodyAsString()).isEqualTo("second");
        assertThat(viewed.messageId()).isEqualTo(second.messageId());
        assertThat(viewed.queue()).isEqualTo(second.queue());

        // The broker indexes keys and builds consume queues after it acknowledged the send, so searches are
        // eventually complete.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(admin.queryByKey(topic, "order-1", 10, before, after))
                    .extracting(ReceivedMessage::bodyAsString).containsExactlyInAnyOrder("first", "second");
            assertThat(admin.queryByUniqueKey(topic, third.messageId(), before, after))
                    .extracting(ReceivedMessage::bodyAsString).containsExactly("third");
            assertThat(admin.queryByTime(topic, before, after, 100)).extracting(ReceivedMessage::messageId)
                    .containsExactlyInAnyOrder(first.messageId(), second.messageId(), third.messageId());
        });
        assertThat(admin.queryByTime(topic, before, after, 2)).hasSize(2);
        assertThat(admin.queryByTime(topic, after, after.plusSeconds(60), 100)).isEmpty();
        assertThat(admin.queryByKey(topic, "missing", 10, before, after)).isEmpty();
    }
}
