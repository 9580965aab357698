package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

import java.util.Objects;

/**
 * A consumer group's configuration on a broker: the body of UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200) and an entry of
 * {@link SubscriptionGroupWrapper} (201). Defaults as the reference broker's auto-created groups (fact sheet 8.2).
 *
 * @param groupName                      consumer group
 * @param consumeEnable                  whether the group may pull
 * @param consumeFromMinEnable           legacy, true
 * @param consumeBroadcastEnable         whether broadcasting members may pull
 * @param consumeMessageOrderly          informational
 * @param retryQueueNums                 queues of {@code %RETRY%<group>}
 * @param retryMaxTimes                  reconsume times before the dead-letter queue
 * @param brokerId                       broker id to consume from (0, the master)
 * @param whichBrokerWhenConsumeSlowly   broker id for lagging consumers (1)
 * @param notifyConsumerIdsChangedEnable whether members are told about membership changes
 * @param groupSysFlag                   unit flags (0)
 * @param consumeTimeoutMinute           minutes before a consumed message counts as lost by the consumer (15)
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
                                      boolean consumeBroadcastEnable, boolean consumeMessageOrderly,
                                      int retryQueueNums, int retryMaxTimes, long brokerId,
                                      long whichBrokerWhenConsumeSlowly, boolean notifyConsumerIdsChangedEnable,
                                      int groupSysFlag, int consumeTimeoutMinute) {

    public SubscriptionGroupConfig {
        Objects.requireNonNull(groupName, "groupName");
    }

    /** The configuration of an auto-created group with {@code retryMaxTimes} reconsume times. */
    public static SubscriptionGroupConfig defaults(String groupName, int retryMaxTimes) {
        return new SubscriptionGroupConfig(groupName, true, true, true, false, 1, retryMaxTimes, 0, 1, true, 0, 15);
    }

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /**
     * @throws ProtocolException if the bytes are not group configuration JSON
     */
    public static SubscriptionGroupConfig fromJson(byte[] json) {
        return RemotingJson.decode(json, SubscriptionGroupConfig.class);
    }
}
