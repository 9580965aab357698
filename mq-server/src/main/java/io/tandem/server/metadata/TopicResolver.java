package io.tandem.server.metadata;

import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.route.Permission;

import java.util.Objects;

/**
 * Finds the topic a send or send-back targets, creating it when the rules allow: from the {@code TBW102} template
 * for producers when auto-create is on, with the group's retry queue count for {@code %RETRY%} topics, with one
 * queue for {@code %DLQ%} topics. Thread-safe.
 */
public final class TopicResolver {

    /** The outcome: a topic, or a response code and a remark saying why not. */
    public record Resolution(TopicConfig topic, int errorCode, String remark) {
        static Resolution found(TopicConfig topic) {
            return new Resolution(topic, ResponseCode.SUCCESS, null);
        }

        static Resolution error(int code, String remark) {
            return new Resolution(null, code, remark);
        }

        public boolean ok() {
            return topic != null;
        }
    }

    private final Topics topics;
    private final Groups groups;
    private volatile boolean autoCreateTopics;
    private volatile boolean autoCreateGroups;
    private final int templateQueueNums;
    private final int defaultRetryMaxTimes;

    public TopicResolver(Topics topics, Groups groups, boolean autoCreateTopics, boolean autoCreateGroups,
                         int templateQueueNums, int defaultRetryMaxTimes) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.autoCreateTopics = autoCreateTopics;
        this.autoCreateGroups = autoCreateGroups;
        this.templateQueueNums = templateQueueNums;
        this.defaultRetryMaxTimes = defaultRetryMaxTimes;
        applyTemplate();
    }

    /** Whether a send to an unknown topic creates it from the template. */
    public boolean autoCreateTopics() {
        return autoCreateTopics;
    }

    /**
     * Turns topic auto-creation on or off while the broker runs (an operator's UPDATE_BROKER_CONFIG); the template
     * topic {@code TBW102} appears or disappears with it, so producers' routes follow.
     */
    public synchronized void autoCreateTopics(boolean enabled) {
        autoCreateTopics = enabled;
        applyTemplate();
    }

    /** Whether an unknown consumer group is created on first use. */
    public boolean autoCreateGroups() {
        return autoCreateGroups;
    }

    /** Turns group auto-creation on or off while the broker runs. */
    public void autoCreateGroups(boolean enabled) {
        autoCreateGroups = enabled;
    }

    private void applyTemplate() {
        if (autoCreateTopics) {
            topics.ensureSystemTopic(TopicNames.AUTO_CREATE_TEMPLATE, templateQueueNums, Topics.TEMPLATE_PERM);
        } else if (topics.contains(TopicNames.AUTO_CREATE_TEMPLATE)) {
            topics.delete(TopicNames.AUTO_CREATE_TEMPLATE);
        }
    }

    /** The topic a producer sends to (name already validated), auto-created from the template if allowed. */
    public Resolution forSend(String topic, String defaultTopic, int requestedQueueNums) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return Resolution.found(existing);
        }
        String group = TopicNames.groupOf(topic);
        if (group != null) {
            return forGroupTopic(topic, group);
        }
        TopicConfig template = topics.get(defaultTopic == null ? TopicNames.AUTO_CREATE_TEMPLATE : defaultTopic);
        if (!autoCreateTopics || template == null || (template.perm() & Permission.INHERIT) == 0) {
            return Resolution.error(ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic
                    + "] not exist, apply first please! (automatic topic creation is off on this broker)");
        }
        int queueNums = Math.max(1, Math.min(requestedQueueNums <= 0 ? templateQueueNums : requestedQueueNums,
                template.writeQueueNums()));
        int perm = template.perm() & ~Permission.INHERIT;
        return Resolution.found(topics.getOrCreate(topic, name -> new TopicConfig(name, queueNums, queueNums, perm,
                false)));
    }

    /** A {@code %RETRY%} or {@code %DLQ%} topic of {@code group}, created when the group exists (or may be created). */
    public Resolution forGroupTopic(String topic, String group) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return Resolution.found(existing);
        }
        GroupConfig config = group(group);
        if (config == null) {
            return Resolution.error(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + group
                    + "] does not exist and automatic group creation is off");
        }
        int queueNums = TopicNames.isRetryTopic(topic) ? Math.max(1, config.retryQueueNums()) : 1;
        return Resolution.found(topics.getOrCreate(topic, name -> TopicConfig.of(name, queueNums)));
    }

    /** The group's configuration, created with defaults if allowed; null if it does not exist and may not be created. */
    public GroupConfig group(String group) {
        GroupConfig existing = groups.get(group);
        if (existing != null || !autoCreateGroups) {
            return existing;
        }
        return groups.getOrCreate(group, name -> GroupConfig.defaults(name, defaultRetryMaxTimes));
    }
}
