package io.tandem.client.consumer;

import io.tandem.client.Message;
import io.tandem.protocol.body.SubscriptionData;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consumer's topic subscriptions, as announced in heartbeats (fact sheet 6.2): tag expressions ({@code *} or
 * {@code a || b}), applied again to pulled messages since the broker filters by tag hash only, so the client keeps
 * exactly the subscribed tags; or SQL92 expressions, which only the broker evaluates. Thread-safe.
 */
final class Subscriptions {

    private final Map<String, SubscriptionData> byTopic = new ConcurrentHashMap<>();
    private final Clock clock;

    Subscriptions(Clock clock) {
        this.clock = clock;
    }

    /**
     * Subscribes {@code topic} with a tag expression, replacing an earlier expression; the version is the current
     * time in ms, at least one more than the replaced version.
     *
     * @throws IllegalArgumentException if the topic name is invalid
     */
    SubscriptionData add(String topic, String expression) {
        return add(topic, MessageSelector.byTag(expression));
    }

    /**
     * Subscribes {@code topic} with a selector, replacing an earlier one; the version is the current time in ms, at
     * least one more than the replaced version.
     *
     * @throws IllegalArgumentException if the topic name is invalid
     */
    SubscriptionData add(String topic, MessageSelector selector) {
        if (!Message.isValidTopic(topic)) {
            throw new IllegalArgumentException("topic must be 1..127 characters of [%|a-zA-Z0-9_-]: '" + topic + "'");
        }
        return byTopic.compute(topic, (name, previous) -> {
            long version = Math.max(clock.millis(), previous == null ? 0 : previous.subVersion() + 1);
            return switch (selector.type()) {
                case TAG -> SubscriptionData.ofTags(name, selector.expression(), version);
                case SQL92 -> SubscriptionData.ofSql92(name, selector.expression(), version);
            };
        });
    }

    void remove(String topic) {
        byTopic.remove(topic);
    }

    SubscriptionData get(String topic) {
        return byTopic.get(topic);
    }

    List<SubscriptionData> all() {
        return List.copyOf(byTopic.values());
    }

    List<String> topics() {
        return List.copyOf(byTopic.keySet());
    }

    boolean isEmpty() {
        return byTopic.isEmpty();
    }

    /**
     * Whether a message of {@code topic} with tag {@code tags} is wanted: all for {@code *} and for SQL92 (which the
     * broker applied), else an exact tag.
     */
    boolean accepts(String topic, String tags) {
        SubscriptionData subscription = byTopic.get(topic);
        if (subscription == null) {
            return false;
        }
        if (subscription.usesSql92()) {
            return true;
        }
        if (subscription.tagsSet().isEmpty() || SubscriptionData.SUBSCRIBE_ALL.equals(subscription.subString())) {
            return true;
        }
        return tags != null && subscription.tagsSet().contains(tags);
    }
}
