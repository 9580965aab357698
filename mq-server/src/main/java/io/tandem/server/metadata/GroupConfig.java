package io.tandem.server.metadata;

import java.util.Objects;

/**
 * A consumer (subscription) group.
 *
 * @param name                   group name
 * @param retryQueueNums         queues of its {@code %RETRY%} topic; 0 drops failed messages
 * @param retryMaxTimes          deliveries after the first before a failed message goes to the DLQ
 * @param consumeEnable          whether the group may pull
 * @param consumeBroadcastEnable whether the group may consume in broadcasting mode
 */
public record GroupConfig(String name, int retryQueueNums, int retryMaxTimes, boolean consumeEnable,
                          boolean consumeBroadcastEnable) {

    public GroupConfig {
        Objects.requireNonNull(name, "name");
        if (retryQueueNums < 0 || retryQueueNums > 1024) {
            throw new IllegalArgumentException("retryQueueNums of group " + name + " must be in [0, 1024], was "
                    + retryQueueNums);
        }
        if (retryMaxTimes < 0) {
            throw new IllegalArgumentException("retryMaxTimes of group " + name + " must be 0 or more, was "
                    + retryMaxTimes);
        }
    }

    public static GroupConfig defaults(String name, int retryMaxTimes) {
        return new GroupConfig(name, 1, retryMaxTimes, true, true);
    }
}
