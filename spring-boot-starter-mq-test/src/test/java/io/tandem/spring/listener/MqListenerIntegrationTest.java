package io.tandem.spring.listener;

import io.tandem.client.ReceivedMessage;
import io.tandem.protocol.body.MessageModel;
import io.tandem.spring.annotation.MqDlqHandler;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.annotation.MqListenerConfigurer;
import io.tandem.spring.config.MqListenerEndpoint;
import io.tandem.spring.config.MqListenerEndpointRegistry;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = MqListenerIntegrationTest.App.class)
@EmbeddedMqBroker(topics = {"ListenerTyped", "ListenerGeneric", "ListenerConcurrency", "ListenerOrderly",
        "ListenerBroadcast", "ListenerClustering", "ListenerPoison", "ListenerPaused", "ListenerProgrammatic"},
        delayLevels = "100ms 100ms 100ms 100ms 100ms 100ms 100ms 100ms")
@DirtiesContext
class MqListenerIntegrationTest {

    record Order(long id, String item) {
    }

    record Line(String sku, int quantity) {
    }

    @Autowired
    MqTemplate template;

    @Autowired
    TypedListeners typed;

    @Autowired
    ConcurrencyListener concurrency;

    @Autowired
    OrderlyListener orderly;

    @Autowired
    GroupListeners groups;

    @Autowired
    PoisonListener poison;

    @Autowired
    PausedListener paused;

    @Autowired
    MqListenerEndpointRegistry registry;

    @Test
    void shouldConvertThePayloadAndResolveHeadersAndTheRawMessage() {
        template.send("ListenerTyped:created", MessageBuilder.withPayload(new Order(7, "lamp"))
                .setHeader(MqHeaders.KEYS, "order-7").setHeader("channel", "web").build());

        TypedListeners.Call call = typed.orders.awaitAtLeast(1).getFirst();
        assertThat(call.order()).isEqualTo(new Order(7, "lamp"));
        assertThat(call.keys()).containsExactly("order-7");
        assertThat(call.tag()).isEqualTo("created");
        assertThat(call.channel()).isEqualTo("web");
        assertThat(call.raw().topic()).isEqualTo("ListenerTyped");
        assertThat(typed.texts.awaitAtLeast(1).getFirst()).isEqualTo("{\"id\":7,\"item\":\"lamp\"}");
    }

    @Test
    void shouldConvertGenericPayloadTypes() {
        template.send("ListenerGeneric", List.of(new Line("a", 1), new Line("b", 2)));

        assertThat(typed.lines.awaitAtLeast(1).getFirst()).containsExactly(new Line("a", 1), new Line("b", 2));
        Message<List<Line>> message = typed.messages.awaitAtLeast(1).getFirst();
        assertThat(message.getPayload()).containsExactly(new Line("a", 1), new Line("b", 2));
        assertThat(message.getHeaders().get(MqHeaders.TOPIC)).isEqualTo("ListenerGeneric");
    }

    @Test
    void shouldNeverRunMoreListenerCallsAtOnceThanTheConcurrency() {
        IntStream.range(0, 24).forEach(i -> template.sendOneway("ListenerConcurrency", "work-" + i));

        concurrency.done.awaitAtLeast(24);
        assertThat(concurrency.maxActive.get()).as("calls at once").isEqualTo(ConcurrencyListener.CONCURRENCY);
        assertThat(concurrency.threads).hasSizeLessThanOrEqualTo(ConcurrencyListener.CONCURRENCY);
        assertThat(registry.getListenerContainer("bounded").concurrency()).isEqualTo(ConcurrencyListener.CONCURRENCY);
    }

    @Test
    void shouldConsumeTheMessagesOfEachShardingKeyInSendOrder() {
        for (int step = 0; step < 10; step++) {
            for (String account : List.of("alice", "bob", "carol")) {
                template.sendOrderly("ListenerOrderly", account + ":" + step, account);
            }
        }

        orderly.received.awaitAtLeast(30);
        Map<String, List<Integer>> stepsByAccount = new ConcurrentHashMap<>();
        for (String entry : orderly.received.items()) {
            String[] parts = entry.split(":");
            stepsByAccount.computeIfAbsent(parts[0], ignored -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        List<Integer> inOrder = IntStream.range(0, 10).boxed().toList();
        assertThat(stepsByAccount).hasSize(3);
        stepsByAccount.values().forEach(steps -> assertThat(steps).containsExactlyElementsOf(inOrder));
    }

    @Test
    void shouldGiveEveryBroadcastingMemberEveryMessageAndShareClusteredOnes() {
        IntStream.range(0, 6).forEach(i -> template.send("ListenerBroadcast", "b-" + i));
        IntStream.range(0, 6).forEach(i -> template.send("ListenerClustering", "c-" + i));

        assertThat(groups.broadcastA.awaitAtLeast(6)).containsExactlyInAnyOrder("b-0", "b-1", "b-2", "b-3", "b-4",
                "b-5");
        assertThat(groups.broadcastB.awaitAtLeast(6)).containsExactlyInAnyOrder("b-0", "b-1", "b-2", "b-3", "b-4",
                "b-5");
        org.awaitility.Awaitility.await().atMost(Inbox.WAIT).until(() -> {
            Set<String> seen = new HashSet<>(groups.clusterA.items());
            seen.addAll(groups.clusterB.items());
            return seen.size() == 6;
        });
    }

    @Test
    void shouldRetryAFailingMessageThroughTheBrokerThenHandItToTheDeadLetterHandler() {
        template.send("ListenerPoison", MessageBuilder.withPayload(new Order(13, "poison"))
                .setHeader(MqHeaders.KEYS, "order-13").build());

        PoisonListener.DeadLetter dead = poison.deadLetters.awaitAtLeast(1).getFirst();
        assertThat(poison.attempts.items()).as("first delivery and two retries").containsExactly(0, 1, 2);
        assertThat(dead.order()).isEqualTo(new Order(13, "poison"));
        assertThat(dead.topic()).isEqualTo("ListenerPoison");
        assertThat(dead.keys()).containsExactly("order-13");
        assertThat(registry.getListenerContainer("poison").deadLetterGroup()).isEqualTo("listener-poison-dlq");
    }

    @Test
    void shouldRunAListenerRegisteredInCodeThroughAConfigurer() {
        template.send("ListenerProgrammatic:audit", "registered in code");

        assertThat(App.PROGRAMMATIC.awaitAtLeast(1)).containsExactly("registered in code");
        assertThat(registry.getListenerContainer("programmatic").group()).isEqualTo("listener-programmatic");
    }

    @Test
    void shouldHoldMessagesWhilePausedAndDeliverThemAfterResume() {
        template.send("ListenerPaused", "before");
        paused.received.awaitAtLeast(1);

        registry.pause("paused");
        MqListenerContainer container = registry.getListenerContainer("paused");
        assertThat(container.isPaused()).isTrue();
        assertThat(container.isRunning()).isTrue();
        assertThat(container.assignedQueues()).isEmpty();
        template.send("ListenerPaused", "while paused 1");
        template.send("ListenerPaused", "while paused 2");
        // A running group of the same topic received them, so they were there to be pulled; the paused one did not.
        await().atMost(Inbox.WAIT).until(() -> paused.watched.items().containsAll(List.of("while paused 1",
                "while paused 2")));
        assertThat(paused.received.items()).containsExactly("before");

        registry.resume("paused");

        assertThat(paused.received.awaitAtLeast(3)).containsExactlyInAnyOrder("before", "while paused 1",
                "while paused 2");
        assertThat(container.isPaused()).isFalse();
    }

    static class TypedListeners {
        record Call(Order order, List<String> keys, String tag, String channel, ReceivedMessage raw) {
        }

        final Inbox<Call> orders = new Inbox<>();
        final Inbox<String> texts = new Inbox<>();
        final Inbox<List<Line>> lines = new Inbox<>();
        final Inbox<Message<List<Line>>> messages = new Inbox<>();

        @MqListener(topics = "ListenerTyped", group = "listener-typed")
        void onOrder(@Payload Order order, @Header(MqHeaders.KEYS) List<String> keys,
                     @Header(MqHeaders.TAGS) String tag, @Header("channel") String channel, ReceivedMessage raw) {
            orders.add(new Call(order, keys, tag, channel, raw));
        }

        @MqListener(topics = "ListenerTyped", group = "listener-typed-text")
        void onText(String json) {
            texts.add(json);
        }

        @MqListener(topics = "ListenerGeneric", group = "listener-generic")
        void onLines(List<Line> payload) {
            lines.add(payload);
        }

        @MqListener(topics = "ListenerGeneric", group = "listener-generic-message")
        void onLinesMessage(Message<List<Line>> message) {
            messages.add(message);
        }
    }

    static class ConcurrencyListener {
        static final int CONCURRENCY = 3;

        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Inbox<String> done = new Inbox<>();

        @MqListener(id = "bounded", topics = "ListenerConcurrency", group = "listener-concurrency",
                concurrency = "${test.concurrency:3}")
        void onWork(String work) throws InterruptedException {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            threads.add(Thread.currentThread().getName());
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } finally {
                active.decrementAndGet();
            }
            done.add(work);
        }
    }

    static class OrderlyListener {
        final Inbox<String> received = new Inbox<>();

        @MqListener(topics = "ListenerOrderly", group = "listener-orderly", consumeMode = ConsumeMode.ORDERLY,
                concurrency = "4")
        void onStep(String step) {
            received.add(step);
        }
    }

    static class GroupListeners {
        final Inbox<String> broadcastA = new Inbox<>();
        final Inbox<String> broadcastB = new Inbox<>();
        final Inbox<String> clusterA = new Inbox<>();
        final Inbox<String> clusterB = new Inbox<>();

        @MqListener(topics = "ListenerBroadcast", group = "listener-broadcast",
                messageModel = MessageModel.BROADCASTING)
        void onBroadcastA(String message) {
            broadcastA.add(message);
        }

        @MqListener(topics = "ListenerBroadcast", group = "listener-broadcast",
                messageModel = MessageModel.BROADCASTING)
        void onBroadcastB(String message) {
            broadcastB.add(message);
        }

        @MqListener(topics = "ListenerClustering", group = "listener-clustering")
        void onClusterA(String message) {
            clusterA.add(message);
        }

        @MqListener(topics = "ListenerClustering", group = "listener-clustering")
        void onClusterB(String message) {
            clusterB.add(message);
        }
    }

    static class PoisonListener {
        record DeadLetter(Order order, String topic, List<String> keys) {
        }

        final Inbox<Integer> attempts = new Inbox<>();
        final Inbox<DeadLetter> deadLetters = new Inbox<>();

        @MqListener(id = "poison", topics = "ListenerPoison", group = "listener-poison", maxReconsumeTimes = "2")
        void onOrder(Order order, @Header(MqHeaders.RECONSUME_TIMES) int reconsumeTimes) {
            attempts.add(reconsumeTimes);
            throw new IllegalStateException("cannot process order " + order.id());
        }

        @MqDlqHandler
        void onDeadOrder(Order order, @Header(MqHeaders.TOPIC) String topic,
                         @Header(MqHeaders.KEYS) List<String> keys) {
            deadLetters.add(new DeadLetter(order, topic, keys));
        }
    }

    static class PausedListener {
        final Inbox<String> received = new Inbox<>();
        final Inbox<String> watched = new Inbox<>();

        @MqListener(id = "paused", topics = "ListenerPaused", group = "listener-paused")
        void onMessage(String message) {
            received.add(message);
        }

        /** Another group of the same topic, never paused. */
        @MqListener(id = "paused-watcher", topics = "ListenerPaused", group = "listener-paused-watcher")
        void watch(String message) {
            watched.add(message);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({TypedListeners.class, ConcurrencyListener.class, OrderlyListener.class, GroupListeners.class,
            PoisonListener.class, PausedListener.class})
    static class App {

        static final Inbox<String> PROGRAMMATIC = new Inbox<>();

        @Bean
        MqListenerConfigurer programmaticListener() {
            return registrar -> registrar.registerEndpoint(MqListenerEndpoint.builder("programmatic")
                    .topics("ListenerProgrammatic").selector("audit").group("listener-programmatic")
                    .listener(message -> PROGRAMMATIC.add(message.bodyAsString()))
                    .build());
        }
    }
}
