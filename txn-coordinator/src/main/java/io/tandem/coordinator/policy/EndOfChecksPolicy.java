package io.tandem.coordinator.policy;

import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.protocol.txn.EndOfChecks;

/**
 * Which end-of-checks policy and which max-checks apply to a half: the producer group's own setting, else the
 * topic's, else the coordinator's default. Immutable and thread-safe.
 */
public final class EndOfChecksPolicy {

    private final CoordinatorProperties properties;

    public EndOfChecksPolicy(CoordinatorProperties properties) {
        this.properties = properties;
    }

    public EndOfChecks endOfChecks(HalfRecord half) {
        EndOfChecks group = properties.producer(half.producerGroup()).endOfChecks();
        if (group != null) {
            return group;
        }
        CoordinatorProperties.Topic topic = half.topic() == null ? null : properties.topics().get(half.topic());
        if (topic != null && topic.endOfChecks() != null) {
            return topic.endOfChecks();
        }
        return properties.endOfChecks();
    }

    public int maxChecks(HalfRecord half) {
        Integer group = properties.producer(half.producerGroup()).maxChecks();
        return group != null ? group : properties.maxChecks();
    }
}
