package io.tandem.server.metadata;

import java.util.Set;

/** Names the broker gives meaning to, and the rules for topic and group names (fact sheet 8.2, 8.5). */
public final class TopicNames {

    /** Template for auto-created topics. */
    public static final String AUTO_CREATE_TEMPLATE = "TBW102";
    /** Where delayed messages wait (one queue per delay level, then one for delivery timestamps). */
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    public static final String HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    public static final String HALF_OP_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    public static final String TRANS_CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    public static final String SELF_TEST_TOPIC = "SELF_TEST_TOPIC";
    public static final String OFFSET_MOVED_EVENT = "OFFSET_MOVED_EVENT";

    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";

    /** Topics clients may not send to directly. */
    public static final Set<String> RESERVED = Set.of(SCHEDULE_TOPIC, HALF_TOPIC, HALF_OP_TOPIC,
            TRANS_CHECK_MAX_TIME_TOPIC, SELF_TEST_TOPIC, OFFSET_MOVED_EVENT);

    public static final int MAX_TOPIC_LENGTH = 127;
    public static final int MAX_GROUP_LENGTH = 255;

    private TopicNames() {
    }

    /** Whether every character is in [%|a-zA-Z0-9_-]; a loop, since every send checks its topic. */
    private static boolean legalCharacters(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '%' || c == '|';
            if (!legal) {
                return false;
            }
        }
        return true;
    }

    /** Null if {@code topic} is a legal topic name, else what is wrong with it. */
    public static String checkTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            return "the topic name is blank";
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            return "the topic name is " + topic.length() + " characters long, at most " + MAX_TOPIC_LENGTH
                    + " are allowed";
        }
        if (!legalCharacters(topic)) {
            return "the topic name '" + topic + "' contains characters outside [%|a-zA-Z0-9_-]";
        }
        return null;
    }

    /** Null if {@code group} is a legal group name, else what is wrong with it. */
    public static String checkGroup(String group) {
        if (group == null || group.isBlank()) {
            return "the group name is blank";
        }
        if (group.length() > MAX_GROUP_LENGTH) {
            return "the group name is " + group.length() + " characters long, at most " + MAX_GROUP_LENGTH
                    + " are allowed";
        }
        if (!legalCharacters(group)) {
            return "the group name '" + group + "' contains characters outside [%|a-zA-Z0-9_-]";
        }
        return null;
    }

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_PREFIX + group;
    }

    public static boolean isRetryTopic(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    public static boolean isDlqTopic(String topic) {
        return topic.startsWith(DLQ_PREFIX);
    }

    /** The group a retry or DLQ topic belongs to, or null. */
    public static String groupOf(String topic) {
        if (isRetryTopic(topic)) {
            return topic.substring(RETRY_PREFIX.length());
        }
        if (isDlqTopic(topic)) {
            return topic.substring(DLQ_PREFIX.length());
        }
        return null;
    }
}
