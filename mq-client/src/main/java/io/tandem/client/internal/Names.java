package io.tandem.client.internal;

import java.util.Set;
import java.util.regex.Pattern;

/** Group-name rules and the reserved names of the protocol (fact sheet 8.2, 8.5). */
public final class Names {

    public static final String RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";
    public static final String DLQ_GROUP_TOPIC_PREFIX = "%DLQ%";

    private static final Pattern GROUP = Pattern.compile("[%|a-zA-Z0-9_-]{1,255}");
    private static final Set<String> RESERVED_GROUPS = Set.of("DEFAULT_PRODUCER", "DEFAULT_CONSUMER",
            ClientInstance.INNER_PRODUCER_GROUP);

    private Names() {
    }

    /**
     * @throws IllegalArgumentException if {@code group} is not 1..255 characters of {@code [%|a-zA-Z0-9_-]} or is
     *                                  one of the reserved group names
     */
    public static String requireGroup(String group, String what) {
        if (group == null || !GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException(what + " must be 1..255 characters of [%|a-zA-Z0-9_-]: '" + group
                    + "'");
        }
        if (RESERVED_GROUPS.contains(group)) {
            throw new IllegalArgumentException(what + " '" + group + "' is reserved");
        }
        return group;
    }

    /** {@code %RETRY%<group>}. */
    public static String retryTopic(String consumerGroup) {
        return RETRY_GROUP_TOPIC_PREFIX + consumerGroup;
    }

    /** {@code %DLQ%<group>}. */
    public static String deadLetterTopic(String consumerGroup) {
        return DLQ_GROUP_TOPIC_PREFIX + consumerGroup;
    }
}
