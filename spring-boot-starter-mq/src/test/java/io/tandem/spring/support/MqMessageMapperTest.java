package io.tandem.spring.support;

import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.message.PropertyKeys;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MqMessageMapperTest {

    private final MqMessageMapper mapper = new MqMessageMapper();

    @Test
    void shouldTurnKeysTagsAndOtherHeadersIntoMessageFields() {
        org.springframework.messaging.Message<byte[]> converted = MessageBuilder.withPayload("{}".getBytes())
                .setHeader(MqHeaders.KEYS, List.of("order-1", "customer-7"))
                .setHeader(MqHeaders.TAGS, "created")
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON)
                .setHeader("region", "eu")
                .setHeader("attempt", 3)
                .setHeader(MqHeaders.MESSAGE_ID, "ignored")
                .build();

        Message message = mapper.toClientMessage(MqDestination.parse("Orders"), converted).build();

        assertThat(message.topic()).isEqualTo("Orders");
        assertThat(message.keys()).containsExactly("order-1", "customer-7");
        assertThat(message.tags()).isEqualTo("created");
        assertThat(message.property("region")).isEqualTo("eu");
        assertThat(message.property("attempt")).isEqualTo("3");
        assertThat(message.property(MqHeaders.CONTENT_TYPE_PROPERTY)).isEqualTo("application/json");
        assertThat(message.properties()).doesNotContainKeys(MessageHeaders.ID, MessageHeaders.TIMESTAMP,
                MqHeaders.MESSAGE_ID);
    }

    @Test
    void shouldPreferTheDestinationsTagOverTheHeader() {
        org.springframework.messaging.Message<byte[]> converted = MessageBuilder.withPayload("x".getBytes())
                .setHeader(MqHeaders.TAGS, "fromHeader").setHeader(MqHeaders.KEYS, "single-key").build();

        Message message = mapper.toClientMessage(MqDestination.parse("Orders:fromDestination"), converted).build();

        assertThat(message.tags()).isEqualTo("fromDestination");
        assertThat(message.keys()).containsExactly("single-key");
    }

    @Test
    void shouldRefuseHeadersThatCannotTravelAsProperties() {
        org.springframework.messaging.Message<byte[]> converted = MessageBuilder.withPayload("x".getBytes())
                .setHeader("payloadObject", List.of(1, 2)).build();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> mapper.toClientMessage(MqDestination.parse("Orders"), converted))
                .withMessageContaining("payloadObject");
    }

    @Test
    void shouldExposeReceivedFieldsAndUserPropertiesAsHeaders() {
        ReceivedMessage received = new ReceivedMessage("Orders", new MessageQueue("%RETRY%billing", "broker-a", 2),
                17, 4096, "msg-1", "offset-1", "{\"id\":1}".getBytes(StandardCharsets.UTF_8), 0, 0,
                Map.of(PropertyKeys.TAGS, "created", PropertyKeys.KEYS, "order-1 customer-7",
                        PropertyKeys.RETRY_TOPIC, "Orders", PropertyKeys.UNIQ_KEY, "msg-1", "region", "eu",
                        MqHeaders.CONTENT_TYPE_PROPERTY, "application/json"),
                2, 1000, new InetSocketAddress("127.0.0.1", 1), 2000, new InetSocketAddress("127.0.0.1", 2), 0);

        MessageHeaders headers = mapper.toSpringMessage(received).getHeaders();

        assertThat(headers.get(MqHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        assertThat(headers.get(MqHeaders.TOPIC)).isEqualTo("Orders");
        assertThat(headers.get(MqHeaders.TAGS)).isEqualTo("created");
        assertThat(headers.get(MqHeaders.KEYS)).isEqualTo(List.of("order-1", "customer-7"));
        assertThat(headers.get(MqHeaders.QUEUE_ID)).isEqualTo(2);
        assertThat(headers.get(MqHeaders.QUEUE_OFFSET)).isEqualTo(17L);
        assertThat(headers.get(MqHeaders.RECONSUME_TIMES)).isEqualTo(2);
        assertThat(headers.get(MqHeaders.BORN_TIMESTAMP)).isEqualTo(1000L);
        assertThat(headers.get(MqHeaders.RAW_MESSAGE)).isSameAs(received);
        assertThat(headers.get(MessageHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(headers.get("region")).isEqualTo("eu");
        assertThat(headers).doesNotContainKeys(PropertyKeys.TAGS, PropertyKeys.KEYS, PropertyKeys.RETRY_TOPIC,
                PropertyKeys.UNIQ_KEY);
    }
}
