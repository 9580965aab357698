package io.tandem.app;

import io.tandem.server.BrokerConfig;
import io.tandem.server.txn.CheckBackPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The broker's check-back settings that {@code io.tandem.server.boot.BrokerProperties} does not bind, under the same
 * prefix {@code tandem.broker}. Immutable, validated when bound.
 *
 * <p>Design note: {@code BrokerConfig} has no copy builder, so {@link #applyTo} passes every component through its
 * canonical constructor; a component added to {@code BrokerConfig} then fails compilation here instead of being
 * dropped.
 *
 * @param builtInCheckBack   whether the broker runs its own check-back duty; null means "only when the embedded
 *                           coordinator is off". It must not be true while the coordinator runs, or both would check
 *                           the same halves
 * @param transactionTimeout how long after it was stored a half is first checked, unless its message asks for longer
 *                           ({@code CHECK_IMMUNITY_TIME_IN_SECONDS})
 */
@ConfigurationProperties("tandem.broker")
public record BrokerCheckBackProperties(Boolean builtInCheckBack, @DefaultValue("6s") Duration transactionTimeout) {

    public BrokerCheckBackProperties {
        if (transactionTimeout == null || !transactionTimeout.isPositive()) {
            throw new IllegalArgumentException("tandem.broker.transaction-timeout must be a positive duration, was "
                    + transactionTimeout);
        }
    }

    /**
     * Whether the broker checks back by itself, given whether the embedded coordinator runs.
     *
     * @throws IllegalStateException if {@code built-in-check-back} is true while the coordinator runs
     */
    public boolean builtInCheckBack(boolean coordinatorRuns) {
        if (builtInCheckBack == null) {
            return !coordinatorRuns;
        }
        if (builtInCheckBack && coordinatorRuns) {
            throw new IllegalStateException("tandem.broker.built-in-check-back=true while the embedded coordinator "
                    + "runs: both would check the same halves. Leave it unset, or set tandem.coordinator.enabled=false "
                    + "to have the broker check by itself");
        }
        return builtInCheckBack;
    }

    /**
     * {@code base} with these settings: the transaction timeout in its check-back policy (whose other values stay the
     * broker's defaults, the longest back-off at least the timeout) and the built-in duty on or off.
     */
    public BrokerConfig applyTo(BrokerConfig base, boolean coordinatorRuns) {
        CheckBackPolicy defaults = CheckBackPolicy.DEFAULT;
        Duration maxBackoff = transactionTimeout.compareTo(defaults.maxBackoff()) > 0
                ? transactionTimeout : defaults.maxBackoff();
        CheckBackPolicy policy = new CheckBackPolicy(transactionTimeout, maxBackoff, defaults.maxChecks(),
                defaults.endOfChecks());
        return new BrokerConfig(base.dataDirectory(), base.bindAddress(), base.advertisedHost(),
                base.nameServerPort(), base.brokerPort(), base.clusterName(), base.brokerName(),
                base.autoCreateTopics(), base.autoCreateGroups(), base.defaultTopicQueueNums(),
                base.adminTopicQueueNums(), base.maxMessageSize(), base.maxPullMessages(), base.maxPullBytes(),
                base.longPolling(), base.maxLongPollingTime(), base.propertyFilter(), base.delayLevels(),
                base.maxTimerDelay(), base.defaultRetryMaxTimes(), base.orderlyLockLease(), base.channelExpiry(),
                base.metadataFlushInterval(), policy, builtInCheckBack(coordinatorRuns), base.durability(),
                base.storeCustomizer(), base.clock());
    }
}
