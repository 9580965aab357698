package io.tandem.client;

import io.tandem.protocol.message.PropertyKeys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message to send: topic, body, an optional tag, business keys, user properties, an int flag, and optionally a
 * delay level or an absolute delivery time. Immutable and therefore safe to share and to send more than once (each
 * send gets its own unique key unless {@link Builder#uniqueKey} fixed one).
 *
 * <p>Tags, keys, delay and delivery time travel as the message properties TAGS, KEYS, DELAY and TIMER_DELIVER_MS
 * (fact sheet 5); user properties may not use those or any other name the protocol reserves.
 */
public final class Message {

    /** Allowed topic characters and length (fact sheet 8.2). */
    private static final Pattern TOPIC = Pattern.compile("[%|a-zA-Z0-9_-]{1,127}");

    /** Property names the protocol gives a meaning; set through the builder's own methods or by brokers. */
    private static final Set<String> RESERVED = Set.of(
            PropertyKeys.KEYS, PropertyKeys.TAGS, PropertyKeys.WAIT, PropertyKeys.DELAY, PropertyKeys.RETRY_TOPIC,
            PropertyKeys.REAL_TOPIC, PropertyKeys.REAL_QID, PropertyKeys.TRAN_MSG, PropertyKeys.PGROUP,
            PropertyKeys.TRANSACTION_ID, PropertyKeys.TRANSACTION_CHECK_TIMES, PropertyKeys.UNIQ_KEY,
            PropertyKeys.MAX_RECONSUME_TIMES, PropertyKeys.RECONSUME_TIME, PropertyKeys.CONSUME_START_TIME,
            PropertyKeys.ORIGIN_MESSAGE_ID, PropertyKeys.MSG_REGION, PropertyKeys.TRACE_ON, PropertyKeys.CLUSTER,
            PropertyKeys.MIN_OFFSET, PropertyKeys.MAX_OFFSET, PropertyKeys.TIMER_DELIVER_MS,
            PropertyKeys.TIMER_DELAY_SEC, PropertyKeys.TIMER_DELAY_MS, PropertyKeys.TIMER_OUT_MS,
            PropertyKeys.TIMER_ENQUEUE_MS, PropertyKeys.TIMER_DEQUEUE_MS, PropertyKeys.TIMER_ROLL_TIMES,
            PropertyKeys.TIMER_DEL_UNIQKEY, PropertyKeys.INSTANCE_ID, PropertyKeys.POP_CK, PropertyKeys.CRC32);

    private final String topic;
    private final byte[] body;
    private final int flag;
    private final Map<String, String> properties;

    private Message(Builder builder) {
        this.topic = builder.topic;
        this.body = builder.body;
        this.flag = builder.flag;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
    }

    /** A builder for a message to {@code topic}. */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /** A message to {@code topic} with a UTF-8 body and nothing else. */
    public static Message of(String topic, String body) {
        return builder(topic).body(body).build();
    }

    /** Whether {@code topic} is a valid topic name: 1..127 characters of {@code [%|a-zA-Z0-9_-]}. */
    public static boolean isValidTopic(String topic) {
        return topic != null && TOPIC.matcher(topic).matches();
    }

    /** A builder holding all of this message's fields. */
    public Builder toBuilder() {
        Builder builder = new Builder(topic).body(body).flag(flag);
        builder.properties.putAll(properties);
        return builder;
    }

    public String topic() {
        return topic;
    }

    /** The body; shared, not copied: do not modify it. */
    public byte[] body() {
        return body;
    }

    /** The user's int flag, carried untouched. */
    public int flag() {
        return flag;
    }

    /** The tag, or null. */
    public String tags() {
        return properties.get(PropertyKeys.TAGS);
    }

    /** The business keys, in order; empty when there are none. */
    public List<String> keys() {
        String keys = properties.get(PropertyKeys.KEYS);
        return keys == null ? List.of() : List.of(keys.split(PropertyKeys.KEY_SEPARATOR));
    }

    /** The delay level (1 = first level), or 0 when the message is not delayed by level. */
    public int delayLevel() {
        String level = properties.get(PropertyKeys.DELAY);
        return level == null ? 0 : Integer.parseInt(level);
    }

    /** The absolute delivery time in ms since the epoch, or 0 when there is none. */
    public long deliverTimeMs() {
        String deliver = properties.get(PropertyKeys.TIMER_DELIVER_MS);
        return deliver == null ? 0 : Long.parseLong(deliver);
    }

    /** One property (user or system), or null. */
    public String property(String name) {
        return properties.get(name);
    }

    /** All properties, user and system, unmodifiable. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public String toString() {
        return "Message{topic=" + topic + ", bodyLength=" + body.length + ", flag=" + flag + ", properties="
                + properties + '}';
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message that && topic.equals(that.topic) && flag == that.flag
                && Arrays.equals(body, that.body) && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, flag, properties) * 31 + Arrays.hashCode(body);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {

        private String topic;
        private byte[] body;
        private int flag;
        private final LinkedHashMap<String, String> properties = new LinkedHashMap<>();

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** The body; not copied. */
        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /** A UTF-8 body. */
        public Builder body(String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        /** The tag consumers filter on; null removes it. */
        public Builder tags(String tags) {
            return system(PropertyKeys.TAGS, tags);
        }

        /** Business keys, indexed by the broker for queries; replaces earlier keys. */
        public Builder keys(String... keys) {
            for (String key : keys) {
                if (key == null || key.isBlank() || key.contains(PropertyKeys.KEY_SEPARATOR)) {
                    throw new IllegalArgumentException("a key must be non-blank and hold no space: '" + key + "'");
                }
            }
            return system(PropertyKeys.KEYS, keys.length == 0 ? null : String.join(PropertyKeys.KEY_SEPARATOR,
                    keys));
        }

        /**
         * Delays delivery by the broker's delay level {@code level} (1 = the first level, 1 s by default); 0 removes
         * the delay. A delay level takes precedence over a delivery time.
         */
        public Builder delayLevel(int level) {
            if (level < 0) {
                throw new IllegalArgumentException("delay level must not be negative: " + level);
            }
            return system(PropertyKeys.DELAY, level == 0 ? null : Integer.toString(level));
        }

        /** Delivers the message not before {@code deliverTimeMs} (ms since the epoch); 0 removes it. */
        public Builder deliverTimeMs(long deliverTimeMs) {
            if (deliverTimeMs < 0) {
                throw new IllegalArgumentException("delivery time must not be negative: " + deliverTimeMs);
            }
            return system(PropertyKeys.TIMER_DELIVER_MS, deliverTimeMs == 0 ? null : Long.toString(deliverTimeMs));
        }

        /** Delivers the message not before {@code deliverTime}. */
        public Builder deliverAt(Instant deliverTime) {
            return deliverTimeMs(deliverTime.toEpochMilli());
        }

        /**
         * Fixes the unique key (UNIQ_KEY) instead of letting the producer create one per send; for resending a
         * message under its original id.
         */
        public Builder uniqueKey(String uniqueKey) {
            return system(PropertyKeys.UNIQ_KEY, uniqueKey);
        }

        /**
         * A user property; null removes it.
         *
         * @throws IllegalArgumentException if the name is blank or reserved by the protocol
         */
        public Builder property(String name, String value) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("property name must not be blank");
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("property name '" + name + "' is reserved by the protocol");
            }
            return system(name, value);
        }

        private Builder system(String name, String value) {
            if (value == null) {
                properties.remove(name);
            } else {
                properties.put(name, value);
            }
            return this;
        }

        /**
         * @throws IllegalArgumentException if the topic is not a valid name or the body is missing or empty
         */
        public Message build() {
            if (!isValidTopic(topic)) {
                throw new IllegalArgumentException("topic must be 1..127 characters of [%|a-zA-Z0-9_-]: '" + topic
                        + "'");
            }
            if (body == null || body.length == 0) {
                throw new IllegalArgumentException("message body must not be empty");
            }
            return new Message(this);
        }
    }
}
