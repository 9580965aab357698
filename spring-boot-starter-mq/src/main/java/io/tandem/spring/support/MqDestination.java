package io.tandem.spring.support;

import io.tandem.client.Message;

/**
 * Where a message goes: a topic and optionally a tag, written {@code topic} or {@code topic:tag} as in
 * {@code "Orders:created"}.
 *
 * @param topic a valid topic name
 * @param tag   the tag, or null
 */
public record MqDestination(String topic, String tag) {

    /** @throws IllegalArgumentException if the topic is not a valid name or the tag is blank */
    public MqDestination {
        if (!Message.isValidTopic(topic)) {
            throw new IllegalArgumentException("destination topic must be 1..127 characters of [%|a-zA-Z0-9_-]: '"
                    + topic + "'");
        }
        if (tag != null && (tag.isBlank() || tag.contains("||"))) {
            throw new IllegalArgumentException("destination tag must be a single non-blank tag: '" + tag + "'");
        }
    }

    /**
     * Parses {@code topic} or {@code topic:tag}.
     *
     * @throws IllegalArgumentException if {@code destination} is null, the topic is invalid or the tag is empty
     */
    public static MqDestination parse(String destination) {
        if (destination == null) {
            throw new IllegalArgumentException("destination must not be null");
        }
        int colon = destination.indexOf(':');
        if (colon < 0) {
            return new MqDestination(destination, null);
        }
        return new MqDestination(destination.substring(0, colon), destination.substring(colon + 1));
    }

    @Override
    public String toString() {
        return tag == null ? topic : topic + ':' + tag;
    }
}
