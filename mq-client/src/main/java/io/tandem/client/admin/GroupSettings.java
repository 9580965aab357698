package io.tandem.client.admin;

import io.tandem.client.internal.Names;

/**
 * A consumer group's configuration on a broker.
 *
 * @param group                  consumer group
 * @param retryMaxTimes          reconsume times before a failing message goes to {@code %DLQ%<group>} (16)
 * @param retryQueueNums         queues of {@code %RETRY%<group>} (1)
 * @param consumeEnable          whether the group may consume
 * @param consumeBroadcastEnable whether broadcasting members may consume
 */
public record GroupSettings(String group, int retryMaxTimes, int retryQueueNums, boolean consumeEnable,
                            boolean consumeBroadcastEnable) {

    /** @throws IllegalArgumentException if the name or a number is invalid */
    public GroupSettings {
        Names.requireGroup(group, "group");
        if (retryMaxTimes < 0 || retryQueueNums < 0) {
            throw new IllegalArgumentException("retryMaxTimes and retryQueueNums must not be negative");
        }
    }

    /** The settings of an auto-created group: 16 retries, one retry queue, consumption enabled. */
    public static GroupSettings of(String group) {
        return new GroupSettings(group, 16, 1, true, true);
    }
}
