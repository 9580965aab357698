package io.tandem.client.internal;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.ConsumeResult;
import io.tandem.client.consumer.PullConsumer;
import io.tandem.client.consumer.PullConsumerConfig;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.fake.FakeBroker;
import io.tandem.testing.ThreadLeaks;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A topic created after a client started using it is found within moments, not at the next route refresh (30 s by
 * default, far beyond every wait here).
 */
class RouteDiscoveryTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    private final FakeBroker broker = new FakeBroker();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Long> lookupNanos = new CopyOnWriteArrayList<>();

    /** The first route answer in a JVM initialises the JSON codec (seconds on a busy machine): not what is timed. */
    @BeforeEach
    void warmUpRouteCodec() {
        TopicRouteData route = new TopicRouteData(null, List.of(new QueueData("b", 1, 1, 6, 0)),
                List.of(new BrokerData("c", "b", Map.of(0L, "127.0.0.1:1"), null, false)), Map.of());
        assertThat(TopicRouteData.fromJson(route.toJson(JsonFlavor.STANDARD))).isEqualTo(route);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        broker.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    /** Waits until the client looked for {@code topic} and found nothing, twice: it runs and the topic is missing. */
    private void awaitMissingTopicLookedUp(String topic) {
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.requests(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .stream().filter(request -> GetRouteInfoRequestHeader.from(request).topic().equals(topic))
                .count() >= 2);
    }

    private void recordLookupsOf(String topic) {
        broker.intercept(RequestCode.GET_ROUTEINFO_BY_TOPIC, request -> {
            if (GetRouteInfoRequestHeader.from(request).topic().equals(topic)) {
                lookupNanos.add(System.nanoTime());
            }
            return null;
        });
    }

    @Test
    void shouldDeliverToAPushConsumerSubscribedBeforeItsTopicExisted() {
        List<String> received = new CopyOnWriteArrayList<>();
        PushConsumer consumer = PushConsumer.concurrent(ClientConfig.of(broker.address()),
                PushConsumerConfig.builder("cg").consumeFrom(ConsumeFrom.FIRST_OFFSET)
                        .longPollingSuspend(Duration.ofSeconds(1)).build(),
                messages -> {
                    messages.forEach(message -> received.add(message.bodyAsString()));
                    return ConsumeResult.SUCCESS;
                }).subscribe("Late", "*");
        closeables.add(consumer);
        consumer.start();
        awaitMissingTopicLookedUp("Late");

        broker.createTopic("Late", 2);
        broker.store("Late", 1, "first", Map.of());

        await().atMost(SOON).untilAsserted(() -> assertThat(received).containsExactly("first"));
    }

    @Test
    void shouldDeliverToAPullConsumerSubscribedBeforeItsTopicExisted() {
        PullConsumer consumer = PullConsumer.create(ClientConfig.of(broker.address()),
                PullConsumerConfig.builder("pull").consumeFrom(ConsumeFrom.FIRST_OFFSET)
                        .longPollingSuspend(Duration.ofSeconds(1)).build());
        closeables.add(consumer);
        consumer.subscribe("Late", "*").start();
        awaitMissingTopicLookedUp("Late");

        broker.createTopic("Late", 2);
        broker.store("Late", 0, "first", Map.of());

        List<String> received = new ArrayList<>();
        await().atMost(SOON).until(() -> {
            consumer.poll(Duration.ofMillis(100)).stream().map(ReceivedMessage::bodyAsString).forEach(received::add);
            return !received.isEmpty();
        });
        assertThat(received).containsExactly("first");
    }

    @Test
    void shouldLetAProducerWriteTheQueuesOfATopicCreatedAfterItFellBackOnTheTemplate() {
        Producer producer = Producer.start(ClientConfig.of(broker.address()), ProducerConfig.of("pg"));
        closeables.add(producer);
        assertThat(producer.publishQueues("Fresh")).hasSize(TopicRoutes.DEFAULT_TOPIC_QUEUE_NUMS);

        broker.createTopic("Fresh", 2);

        await().atMost(SOON).untilAsserted(() -> assertThat(producer.publishQueues("Fresh")).hasSize(2));
    }

    @Test
    void shouldLookForAMissingTopicWithADoublingDelayUntilTheRefreshTimerTakesOver() {
        recordLookupsOf("Nowhere");
        ClientInstance client = new ClientInstance(
                ClientConfig.builder(broker.address()).routeRefreshInterval(Duration.ofSeconds(1)).build(), null);
        closeables.add(client);
        client.watchTopic("Nowhere");
        client.start();

        // refresh timer at 0, 1, 2, 3... s; quick lookups 0.1, 0.3, 0.7 and 1.5 s after the first (the next delay,
        // 1.6 s, is not below the refresh interval)
        await().atMost(Duration.ofSeconds(30)).until(() -> lookupNanos.size() >= 10);
        List<Long> gapsMs = new ArrayList<>();
        for (int i = 1; i < lookupNanos.size(); i++) {
            gapsMs.add((lookupNanos.get(i) - lookupNanos.get(i - 1)) / 1_000_000);
        }
        assertThat(gapsMs.get(0)).isGreaterThanOrEqualTo(90);
        assertThat(gapsMs.get(1)).isGreaterThanOrEqualTo(190);
        // once the quick lookups reached the refresh interval, only the refresh timer looks, without a new chain
        assertThat(gapsMs.subList(gapsMs.size() - 3, gapsMs.size())).allMatch(gap -> gap >= 900, "at least 900 ms");
    }

    @Test
    void shouldKeepLookingForAMissingTopicEveryTwoSecondsWhenTheRefreshIntervalIsLonger() {
        recordLookupsOf("Later");
        ClientInstance client = new ClientInstance(ClientConfig.of(broker.address()), null);
        closeables.add(client);
        client.watchTopic("Later");
        client.start();

        // default refresh interval 30 s: quick lookups 0.1, 0.3, 0.7, 1.5, 3.1 s after the first, then every 2 s;
        // a chain that kept doubling would look at 6.3, 12.7, 25.5 s and leave the rest to the refresh timer
        await().atMost(Duration.ofSeconds(25)).until(() -> lookupNanos.size() >= 10);
        List<Long> gapsMs = new ArrayList<>();
        for (int i = 1; i < lookupNanos.size(); i++) {
            gapsMs.add((lookupNanos.get(i) - lookupNanos.get(i - 1)) / 1_000_000);
        }
        assertThat(gapsMs.subList(gapsMs.size() - 4, gapsMs.size()))
                .allMatch(gap -> gap >= 1_900 && gap <= 3_000, "between 1.9 and 3 s");
    }

    @Test
    void shouldStopLookingForATopicNoLongerWatched() {
        recordLookupsOf("Abandoned");
        ClientInstance client = new ClientInstance(ClientConfig.of(broker.address()), null);
        closeables.add(client);
        client.watchTopic("Abandoned");
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> lookupNanos.size() >= 5);

        client.unwatchTopic("Abandoned");
        int lookups = lookupNanos.size();

        // at most one lookup was already under way; the next quick one would come within 2 s
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> lookupNanos.size() <= lookups + 1);
    }
}
