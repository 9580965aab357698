package io.tandem.spring.support;

import io.tandem.client.ReceivedMessage;
import io.tandem.protocol.message.PropertyKeys;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Maps between Spring's {@link Message} and Tandem's messages: a converted Spring message becomes a client
 * {@link io.tandem.client.Message.Builder} (keys, tag, user properties, content type), and a
 * {@link ReceivedMessage} becomes a Spring message with the headers of {@link MqHeaders}. Stateless and thread-safe.
 *
 * <p>Header values sent as user properties must be strings, numbers, booleans, characters, enums, UUIDs or MIME
 * types; anything else is refused with an {@link IllegalArgumentException} naming the header, since it could not be
 * read back.
 */
public final class MqMessageMapper {

    /** Property names the protocol gives a meaning: never user headers. */
    private static final Set<String> SYSTEM_PROPERTIES = systemProperties();

    /**
     * A client message builder for {@code destination} with the converted payload and its headers.
     *
     * @param converted a message whose payload a converter already turned into {@code byte[]} or {@code String}
     * @throws IllegalArgumentException if the payload is of another type or a header cannot be a property
     */
    public io.tandem.client.Message.Builder toClientMessage(MqDestination destination, Message<?> converted) {
        io.tandem.client.Message.Builder builder = io.tandem.client.Message.builder(destination.topic())
                .body(bodyOf(converted.getPayload()));
        MessageHeaders headers = converted.getHeaders();
        String tag = destination.tag() != null ? destination.tag() : stringOrNull(headers.get(MqHeaders.TAGS));
        builder.tags(tag);
        List<String> keys = keysOf(headers.get(MqHeaders.KEYS));
        if (!keys.isEmpty()) {
            builder.keys(keys.toArray(String[]::new));
        }
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            String name = header.getKey();
            if (name.startsWith(MqHeaders.PREFIX) || name.equals(MessageHeaders.ID)
                    || name.equals(MessageHeaders.TIMESTAMP) || header.getValue() == null) {
                continue;
            }
            String property = name.equals(MessageHeaders.CONTENT_TYPE) ? MqHeaders.CONTENT_TYPE_PROPERTY : name;
            builder.property(property, propertyValue(name, header.getValue()));
        }
        return builder;
    }

    /** A Spring message with {@code received}'s body as {@code byte[]} payload and the headers of {@link MqHeaders}. */
    public Message<byte[]> toSpringMessage(ReceivedMessage received) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(MqHeaders.MESSAGE_ID, received.messageId());
        String originalTopic = received.property(PropertyKeys.RETRY_TOPIC);
        headers.put(MqHeaders.TOPIC, originalTopic != null ? originalTopic : received.topic());
        if (received.tags() != null) {
            headers.put(MqHeaders.TAGS, received.tags());
        }
        if (!received.keys().isEmpty()) {
            headers.put(MqHeaders.KEYS, received.keys());
        }
        headers.put(MqHeaders.BROKER_NAME, received.queue().brokerName());
        headers.put(MqHeaders.QUEUE_ID, received.queue().queueId());
        headers.put(MqHeaders.QUEUE_OFFSET, received.queueOffset());
        headers.put(MqHeaders.RECONSUME_TIMES, received.reconsumeTimes());
        headers.put(MqHeaders.BORN_TIMESTAMP, received.bornTimestamp());
        headers.put(MqHeaders.STORE_TIMESTAMP, received.storeTimestamp());
        headers.put(MqHeaders.RAW_MESSAGE, received);
        for (Map.Entry<String, String> property : received.properties().entrySet()) {
            String name = property.getKey();
            if (name.equals(MqHeaders.CONTENT_TYPE_PROPERTY)) {
                headers.put(MessageHeaders.CONTENT_TYPE, property.getValue());
            } else if (!SYSTEM_PROPERTIES.contains(name) && !name.equals(MessageHeaders.ID)
                    && !name.equals(MessageHeaders.TIMESTAMP)) {
                headers.put(name, property.getValue());
            }
        }
        return MessageBuilder.createMessage(received.body(), new MessageHeaders(headers));
    }

    private static byte[] bodyOf(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("the message converter produced a " + payload.getClass().getName()
                + " payload; a Tandem message body must be byte[] or String");
    }

    private static List<String> keysOf(Object value) {
        if (value == null) {
            return List.of();
        } else if (value instanceof String key) {
            return List.of(key);
        } else if (value instanceof String[] keys) {
            return Arrays.asList(keys);
        } else if (value instanceof Collection<?> keys) {
            List<String> list = new ArrayList<>(keys.size());
            keys.forEach(key -> list.add(String.valueOf(key)));
            return list;
        }
        throw new IllegalArgumentException("header " + MqHeaders.KEYS + " must be a String, String[] or"
                + " Collection<String>, was " + value.getClass().getName());
    }

    private static String stringOrNull(Object value) {
        return value == null ? null : value.toString();
    }

    private static String propertyValue(String name, Object value) {
        if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?> || value instanceof UUID
                || value instanceof MimeType) {
            return value.toString();
        }
        throw new IllegalArgumentException("header '" + name + "' of type " + value.getClass().getName()
                + " cannot travel as a message property; use a String, number, boolean or enum");
    }

    private static Set<String> systemProperties() {
        Set<String> names = new HashSet<>();
        for (Field field : PropertyKeys.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().equals("KEY_SEPARATOR")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read PropertyKeys." + field.getName(), e);
                }
            }
        }
        return Set.copyOf(names);
    }
}
