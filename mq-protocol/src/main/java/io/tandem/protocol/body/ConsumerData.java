package io.tandem.protocol.body;

import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A consumer group announced in a heartbeat (fact sheet 6.2).
 *
 * @param groupName           consumer group
 * @param consumeType         push or pull
 * @param messageModel        clustering or broadcasting
 * @param consumeFromWhere    where a new group starts
 * @param subscriptionDataSet subscriptions; empty in a V2 heartbeat without subscriptions
 * @param unitMode            unit mode (false)
 */
public record ConsumerData(String groupName, ConsumeType consumeType, MessageModel messageModel,
                           ConsumeFromWhere consumeFromWhere,
                           @JsonDeserialize(as = LinkedHashSet.class) Set<SubscriptionData> subscriptionDataSet,
                           boolean unitMode) {

    public ConsumerData {
        Objects.requireNonNull(groupName, "groupName");
        subscriptionDataSet = subscriptionDataSet == null
                ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(subscriptionDataSet));
    }
}
