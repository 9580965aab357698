package io.tandem.client.producer;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.SendResult;
import io.tandem.client.SendStatus;
import io.tandem.client.fake.FakeBroker;
import io.tandem.testing.ThreadLeaks;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.trace.TraceCodec;
import io.tandem.protocol.trace.TraceMessageType;
import io.tandem.protocol.trace.TraceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A producer with message trace on, against the fake broker: what it writes to the trace topic, and when. */
class ProducerTraceTest {

    private static final String TRACE_TOPIC = ClientConfig.DEFAULT_TRACE_TOPIC;

    private final FakeBroker broker = new FakeBroker();

    @AfterEach
    void close() {
        broker.close();
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    private Producer tracedProducer() {
        // A generous RPC timeout: the first route lookup of a cold JVM on a busy machine can take seconds.
        return Producer.start(ClientConfig.builder(broker.address()).rpcTimeout(Duration.ofSeconds(15)).messageTrace()
                .build(), ProducerConfig.builder("pg").sendTimeout(Duration.ofSeconds(15)).build());
    }

    @Test
    void shouldWriteAPubRecordIndexedByTheMessageIdAndKeys() {
        broker.createTopic("Orders", 2);
        broker.createTopic(TRACE_TOPIC, 1);
        try (Producer producer = tracedProducer()) {
            SendResult sent = producer.send(Message.builder("Orders").body("x").tags("paid").keys("order-1")
                    .build());

            MessageRecord trace = await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.records(TRACE_TOPIC), records -> !records.isEmpty()).get(0);
            assertThat(trace.property(PropertyKeys.KEYS).split(" ")).containsExactly(sent.messageId(), "order-1");
            TraceRecord.Publish pub = (TraceRecord.Publish) TraceCodec.decode(
                    new String(trace.body(), StandardCharsets.UTF_8)).get(0);
            assertThat(pub.msgId()).isEqualTo(sent.messageId());
            assertThat(pub.group()).isEqualTo("pg");
            assertThat(pub.topic()).isEqualTo("Orders");
            assertThat(pub.tags()).isEqualTo("paid");
            assertThat(pub.keys()).isEqualTo("order-1");
            assertThat(pub.storeHost()).isEqualTo(broker.address());
            assertThat(pub.offsetMsgId()).isEqualTo(sent.offsetMessageId());
            assertThat(pub.regionId()).as("the fake broker names no region").isEqualTo("DefaultRegion");
            assertThat(pub.messageType()).isEqualTo(TraceMessageType.NORMAL);
            assertThat(pub.success()).isTrue();
            SendMessageRequestHeader header = SendMessageRequestHeader.from(broker.requests(
                    RequestCode.SEND_MESSAGE_V2).stream().filter(request -> TRACE_TOPIC.equals(
                    SendMessageRequestHeader.from(request).topic())).findFirst().orElseThrow());
            assertThat(header.producerGroup()).isEqualTo("_INNER_TRACE_PRODUCER-" + TRACE_TOPIC);
        }
    }

    @Test
    void shouldKeepSendingWhileTheTraceTopicDoesNotAnswer() {
        broker.createTopic("Orders", 2);
        broker.createTopic(TRACE_TOPIC, 1);
        broker.intercept(RequestCode.SEND_MESSAGE_V2, request -> TRACE_TOPIC.equals(
                SendMessageRequestHeader.from(request).topic()) ? FakeBroker.NO_RESPONSE : null);
        try (Producer producer = tracedProducer()) {
            producer.send(Message.of("Orders", "first"));
            await().atMost(Duration.ofSeconds(10)).until(() -> traceSends() > 0);

            List<SendStatus> statuses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                statuses.add(producer.send(Message.of("Orders", "m-" + i)).status());
            }

            assertThat(statuses).containsOnly(SendStatus.SEND_OK);
            assertThat(broker.records(TRACE_TOPIC)).as("no trace message was answered").isEmpty();
        }
    }

    private long traceSends() {
        return broker.requests(RequestCode.SEND_MESSAGE_V2).stream()
                .filter(request -> TRACE_TOPIC.equals(SendMessageRequestHeader.from(request).topic())).count();
    }
}
