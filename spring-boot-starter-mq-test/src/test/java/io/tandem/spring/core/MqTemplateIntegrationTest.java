package io.tandem.spring.core;

import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.listener.Inbox;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.MimeTypeUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(classes = MqTemplateIntegrationTest.App.class)
@EmbeddedMqBroker(topics = {"TemplateSync", "TemplateTags", "TemplateAsync", "TemplateOneway", "TemplateOrderly",
        "TemplateDelayed", "TemplateBatch"}, delayLevels = "100ms 200ms 300ms 400ms 500ms 600ms")
@DirtiesContext
class MqTemplateIntegrationTest {

    record Order(long id, String item, int quantity) {
    }

    @Autowired
    MqTemplate template;

    @Autowired
    Listeners listeners;

    @Test
    void shouldSendAnObjectAsJsonWithKeysTagAndUserPropertiesAndWaitForTheBroker() {
        SendResult result = template.send("TemplateSync:created", MessageBuilder.withPayload(new Order(42, "book", 2))
                .setHeader(MqHeaders.KEYS, List.of("order-42", "customer-7"))
                .setHeader("region", "eu")
                .build());

        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        ReceivedMessage received = listeners.sync.awaitAtLeast(1).getFirst();
        assertThat(received.messageId()).isEqualTo(result.messageId());
        assertThat(received.bodyAsString()).isEqualTo("{\"id\":42,\"item\":\"book\",\"quantity\":2}");
        assertThat(received.tags()).isEqualTo("created");
        assertThat(received.keys()).containsExactly("order-42", "customer-7");
        assertThat(received.property("region")).isEqualTo("eu");
        assertThat(received.property(MqHeaders.CONTENT_TYPE_PROPERTY)).isEqualTo("application/json");
    }

    @Test
    void shouldSendTheTagOfTheDestinationSoThatSelectorsFilterOnIt() {
        // One queue (one sharding key) and one consume thread for the selecting group: when the marker, sent last,
        // arrives, the message with the other tag would have arrived before it if the selector had let it through.
        template.sendOrderly("TemplateTags:other", "skipped", "tags");
        template.sendOrderly("TemplateTags:created", "first", "tags");
        template.sendOrderly("TemplateTags:created", "second", "tags");
        template.sendOrderly("TemplateTags:created", "marker", "tags");

        assertThat(listeners.allTags.awaitAtLeast(4)).extracting(ReceivedMessage::bodyAsString)
                .containsExactlyInAnyOrder("skipped", "first", "second", "marker");
        assertThat(listeners.createdOnly.awaitUntil(message -> message.bodyAsString().equals("marker")))
                .extracting(ReceivedMessage::bodyAsString).containsExactly("first", "second", "marker");
    }

    @Test
    void shouldCompleteTheFutureOfAnAsynchronousSendWhenTheBrokerStoredIt() throws Exception {
        SendResult result = template.sendAsync("TemplateAsync", "async").get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(SendStatus.SEND_OK);
        assertThat(listeners.async.awaitAtLeast(1).getFirst().messageId()).isEqualTo(result.messageId());
    }

    @Test
    void shouldDeliverAOnewaySend() {
        template.sendOneway("TemplateOneway", "fire and forget");

        assertThat(listeners.oneway.awaitAtLeast(1).getFirst().bodyAsString()).isEqualTo("fire and forget");
    }

    @Test
    void shouldSendEveryMessageOfAShardingKeyToTheSameQueue() throws Exception {
        SendResult first = template.sendOrderly("TemplateOrderly", "a-1", "account-a");
        SendResult second = template.sendOrderlyAsync("TemplateOrderly", "a-2", "account-a").get(10,
                TimeUnit.SECONDS);
        SendResult third = template.sendOrderly("TemplateOrderly", "a-3", "account-a");

        assertThat(List.of(second.queue(), third.queue())).containsOnly(first.queue());
        assertThat(second.queueOffset()).isEqualTo(first.queueOffset() + 1);
        assertThat(third.queueOffset()).isEqualTo(first.queueOffset() + 2);
    }

    @Test
    void shouldDelayByLevelByDurationAndUntilAnInstant() {
        long sentAt = System.currentTimeMillis();
        template.sendDelayed("TemplateDelayed", "level", 5);
        template.sendDelayed("TemplateDelayed", "duration", Duration.ofMillis(700));
        template.sendDelayed("TemplateDelayed", "instant", Instant.ofEpochMilli(sentAt).plusMillis(900));

        List<Arrival> arrivals = listeners.delayed.awaitAtLeast(3);
        Map<String, Long> delays = arrivals.stream().collect(java.util.stream.Collectors.toMap(
                arrival -> arrival.message().bodyAsString(), arrival -> arrival.atMs() - sentAt));
        assertThat(delays.get("level")).as("delay level 5 = 500 ms").isGreaterThanOrEqualTo(450);
        assertThat(delays.get("duration")).isGreaterThanOrEqualTo(650);
        assertThat(delays.get("instant")).isGreaterThanOrEqualTo(850);
    }

    @Test
    void shouldSendABatchAsOneRequestStoredInOneQueue() {
        SendResult result = template.sendBatch("TemplateBatch:bulk", List.of(new Order(1, "pen", 1),
                new Order(2, "ink", 3), "a plain line"));

        assertThat(result.messageId().split(",")).hasSize(3);
        List<ReceivedMessage> received = listeners.batch.awaitAtLeast(3);
        assertThat(received).extracting(ReceivedMessage::bodyAsString).containsExactlyInAnyOrder(
                "{\"id\":1,\"item\":\"pen\",\"quantity\":1}", "{\"id\":2,\"item\":\"ink\",\"quantity\":3}",
                "a plain line");
        assertThat(received).extracting(ReceivedMessage::tags).containsOnly("bulk");
        assertThat(received).extracting(message -> message.queue().queueId()).containsOnly(
                result.queue().queueId());
    }

    @Test
    void shouldRefuseAPayloadThatNoConverterCanWriteBeforeSending() {
        assertThatExceptionOfType(MessageConversionException.class).isThrownBy(() -> template.send("TemplateSync",
                MessageBuilder.withPayload(new Order(1, "x", 1))
                        .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_XML).build()))
                .withMessageContaining(Order.class.getName());
    }

    record Arrival(ReceivedMessage message, long atMs) {
    }

    static class Listeners {
        final Inbox<ReceivedMessage> sync = new Inbox<>();
        final Inbox<ReceivedMessage> allTags = new Inbox<>();
        final Inbox<ReceivedMessage> createdOnly = new Inbox<>();
        final Inbox<ReceivedMessage> async = new Inbox<>();
        final Inbox<ReceivedMessage> oneway = new Inbox<>();
        final Inbox<Arrival> delayed = new Inbox<>();
        final Inbox<ReceivedMessage> batch = new Inbox<>();

        @MqListener(topics = "TemplateSync", group = "template-sync")
        void onSync(ReceivedMessage message) {
            sync.add(message);
        }

        @MqListener(topics = "TemplateTags", group = "template-all-tags")
        void onAnyTag(ReceivedMessage message) {
            allTags.add(message);
        }

        @MqListener(topics = "TemplateTags", group = "template-created", selector = "created", concurrency = "1")
        void onCreated(ReceivedMessage message) {
            createdOnly.add(message);
        }

        @MqListener(topics = "TemplateAsync", group = "template-async")
        void onAsync(ReceivedMessage message) {
            async.add(message);
        }

        @MqListener(topics = "TemplateOneway", group = "template-oneway")
        void onOneway(ReceivedMessage message) {
            oneway.add(message);
        }

        @MqListener(topics = "TemplateDelayed", group = "template-delayed")
        void onDelayed(ReceivedMessage message) {
            delayed.add(new Arrival(message, System.currentTimeMillis()));
        }

        @MqListener(topics = "TemplateBatch", group = "template-batch")
        void onBatch(ReceivedMessage message) {
            batch.add(message);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Listeners listeners() {
            return new Listeners();
        }
    }
}
