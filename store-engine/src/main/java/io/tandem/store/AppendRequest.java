package io.tandem.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One message to append. The store fills in the log position, the queue offset and the store timestamp.
 *
 * @param topic            1 to 255 characters of {@code [A-Za-z0-9%|_.-]}, not starting with a dot
 * @param queueId          queue within the topic, 0 or more
 * @param flags            opaque to the store (the broker keeps its system flags here)
 * @param bornTimestamp    when the producer created the message, ms
 * @param bornHost         opaque producer address bytes (may be empty)
 * @param keys             keys to index for lookup by key (may be empty)
 * @param tagHash          hash of the message's tag, kept in the consume queue for filtering
 * @param reconsumeTimes   delivery attempts so far (retry topics)
 * @param preparedPosition log position of the half message this one commits, or -1
 * @param properties       opaque encoded properties (may be empty)
 * @param body             the payload
 */
public record AppendRequest(
        String topic,
        int queueId,
        int flags,
        long bornTimestamp,
        byte[] bornHost,
        List<String> keys,
        long tagHash,
        int reconsumeTimes,
        long preparedPosition,
        byte[] properties,
        byte[] body) {

    private static final int MAX_TOPIC_LENGTH = 255;
    private static final byte[] EMPTY = new byte[0];

    public AppendRequest {
        Objects.requireNonNull(topic, "topic");
        if (!validTopic(topic)) {
            throw new IllegalArgumentException("invalid topic name '" + topic
                    + "': use 1 to 255 characters of [A-Za-z0-9%|_.-], not starting with a dot");
        }
        if (queueId < 0) {
            throw new IllegalArgumentException("queueId must be 0 or more, was " + queueId);
        }
        bornHost = bornHost == null ? EMPTY : bornHost;
        keys = keys == null ? List.of() : List.copyOf(keys);
        properties = properties == null ? EMPTY : properties;
        Objects.requireNonNull(body, "body");
        if (bornHost.length > 255) {
            throw new IllegalArgumentException("bornHost must be at most 255 bytes, was " + bornHost.length);
        }
        int keysLength = 0;
        for (String key : keys) {
            if (key.isEmpty()) {
                throw new IllegalArgumentException("keys must not be empty strings");
            }
            keysLength += 2 + key.getBytes(StandardCharsets.UTF_8).length;
        }
        if (keysLength > 0xFFFF) {
            throw new IllegalArgumentException("keys take " + keysLength + " bytes, at most 65535 are allowed");
        }
    }

    /** A request with only what most tests and simple callers need. */
    public static AppendRequest of(String topic, int queueId, byte[] body) {
        return new AppendRequest(topic, queueId, 0, 0, EMPTY, List.of(), 0, 0, -1, EMPTY, body);
    }

    public AppendRequest withKeys(List<String> newKeys) {
        return new AppendRequest(topic, queueId, flags, bornTimestamp, bornHost, newKeys, tagHash, reconsumeTimes,
                preparedPosition, properties, body);
    }

    public AppendRequest withTagHash(long newTagHash) {
        return new AppendRequest(topic, queueId, flags, bornTimestamp, bornHost, keys, newTagHash, reconsumeTimes,
                preparedPosition, properties, body);
    }

    public AppendRequest withProperties(byte[] newProperties) {
        return new AppendRequest(topic, queueId, flags, bornTimestamp, bornHost, keys, tagHash, reconsumeTimes,
                preparedPosition, newProperties, body);
    }

    /** 1 to 255 characters of [A-Za-z0-9%|_.-], not starting with a dot; a loop, since every append checks it. */
    private static boolean validTopic(String topic) {
        if (topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH || topic.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '|' || c == '_' || c == '-' || c == '.';
            if (!valid) {
                return false;
            }
        }
        return true;
    }
}
