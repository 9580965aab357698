package io.tandem.spring.admin;

import io.tandem.client.ClientConfig;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.config.MqListenerEndpointRegistry;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Declared topics are created at startup, and a listener whose topic is created later receives its first message
 * within seconds. The client's timers keep their defaults here (route refresh 30 s, rebalance 20 s): only the quick
 * lookup of missing topics can deliver within the bounds below.
 */
@SpringBootTest(classes = MqTopicsIntegrationTest.App.class, properties = {
        "tandem.mq.topics=TopicsDeclared, TopicsWide:8, TopicsExisting:8",
        "tandem.mq.client.route-refresh-interval=30s",
        "tandem.mq.consumer.rebalance-interval=20s"})
@EmbeddedMqBroker(topics = "TopicsExisting", queues = 2)
@DirtiesContext
class MqTopicsIntegrationTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    @Autowired
    MqTemplate template;

    @Autowired
    MqTestBroker broker;

    @Autowired
    MqTopicCreator creator;

    @Autowired
    Listeners listeners;

    @Autowired
    MqListenerEndpointRegistry registry;

    @Test
    void shouldCreateTheDeclaredTopicsWithTheirQueueCountsAndLeaveExistingOnesAlone() {
        try (AdminClient admin = AdminClient.start(ClientConfig.of(broker.nameServerAddress()))) {
            Map<String, TopicSettings> settings = admin.topicSettings();
            assertThat(settings.get("TopicsDeclared").writeQueueNums()).isEqualTo(MqTopic.DEFAULT_QUEUES);
            assertThat(settings.get("TopicsWide").writeQueueNums()).isEqualTo(8);
            assertThat(settings.get("TopicsFromBean").readQueueNums()).isEqualTo(2);
            assertThat(settings.get("TopicsExisting").writeQueueNums()).isEqualTo(2);
        }
        assertThat(creator.topics()).extracting(MqTopic::name)
                .containsExactly("TopicsDeclared", "TopicsWide", "TopicsExisting", "TopicsFromBean");
        assertThat(creator.createMissingTopics()).isEmpty();
    }

    @Test
    void shouldDeliverToAListenerOfADeclaredTopicRightAfterStartup() {
        template.send("TopicsDeclared", "hello");

        await().atMost(SOON).untilAsserted(() -> assertThat(listeners.declared).containsExactly("hello"));
    }

    @Test
    void shouldDeliverTheFirstMessageOfATopicCreatedAfterItsListenerStarted() {
        // started now rather than with the context: the quick lookups of a missing topic back off from 100 ms
        registry.getListenerContainer("late").start();
        try (AdminClient admin = AdminClient.start(ClientConfig.of(broker.nameServerAddress()))) {
            assertThat(admin.listTopics()).doesNotContain("TopicsLate");
            admin.createTopic(TopicSettings.of("TopicsLate", 2));
        }

        template.send("TopicsLate", "first");

        await().atMost(SOON).untilAsserted(() -> assertThat(listeners.late).containsExactly("first"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        MqTopic topicFromBean() {
            return MqTopic.of("TopicsFromBean", 2);
        }

        @Bean
        Listeners listeners() {
            return new Listeners();
        }
    }

    static class Listeners {

        final List<String> declared = new CopyOnWriteArrayList<>();
        final List<String> late = new CopyOnWriteArrayList<>();

        @MqListener(topics = "TopicsDeclared", group = "topics-declared")
        void onDeclared(String body) {
            declared.add(body);
        }

        @MqListener(id = "late", topics = "TopicsLate", group = "topics-late", autoStartup = "false")
        void onLate(String body) {
            late.add(body);
        }
    }
}
