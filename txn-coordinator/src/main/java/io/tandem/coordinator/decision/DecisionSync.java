package io.tandem.coordinator.decision;

import io.tandem.coordinator.metrics.CoordinatorMetrics;
import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.record.AnsweredAttempt;
import io.tandem.coordinator.record.AppliedDecisions;
import io.tandem.coordinator.record.BrokerCursor;
import io.tandem.coordinator.record.CheckChannel;
import io.tandem.coordinator.record.DecisionRecord;
import io.tandem.coordinator.record.ObservedDecision;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.protocol.body.HalfDecisionList;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Copies a broker's decisions (TANDEM_HALF_DECISIONS, whoever made them) into the record, from the broker's op
 * cursor to the end of its decision log. The duty cycle runs it before it claims halves to check, so a half that
 * has a final state is never checked again; resolving a half runs it too, so the record shows the decision at
 * once.
 *
 * <p>Thread-safe: one sync per broker at a time in this process (others wait for it), and the record serializes
 * syncs of several instances on the broker's row. Failure modes: {@code BrokerAdminException} or a
 * {@code DataAccessException}; pages applied before the failure stay applied.
 */
public final class DecisionSync {

    private final BrokerAdminClient admin;
    private final TransactionRecord record;
    private final CoordinatorMetrics metrics;
    private final String instanceId;
    private final int pageSize;
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public DecisionSync(BrokerAdminClient admin, TransactionRecord record, CoordinatorMetrics metrics,
                        String instanceId, int pageSize) {
        this.admin = admin;
        this.record = record;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.pageSize = pageSize;
    }

    /**
     * Reads the broker's decisions not copied yet and copies them.
     *
     * @return how many decisions were new to the record
     */
    public int sync(String broker) {
        ReentrantLock lock = locks.computeIfAbsent(broker, key -> new ReentrantLock());
        lock.lock();
        try {
            int recorded = 0;
            long from = record.cursor(broker).nextOpOffset();
            while (true) {
                HalfDecisionList page = admin.decisions(broker, from, pageSize);
                if (page.decisions().isEmpty()) {
                    return recorded;
                }
                List<ObservedDecision> observed = page.decisions().stream().map(DecisionSync::observed).toList();
                AppliedDecisions applied = record.applyDecisions(broker, observed, page.nextOpOffset(), instanceId);
                for (DecisionRecord decision : applied.recorded()) {
                    metrics.decided(decision);
                }
                for (AnsweredAttempt attempt : applied.answered()) {
                    metrics.checked(CheckChannel.BROKER, attempt.answer(), attempt.latencyMs());
                }
                recorded += applied.recorded().size();
                BrokerCursor cursor = record.cursor(broker);
                if (page.decisions().size() < pageSize || cursor.nextOpOffset() <= from) {
                    return recorded;
                }
                from = cursor.nextOpOffset();
            }
        } finally {
            lock.unlock();
        }
    }

    private static ObservedDecision observed(HalfDecisionList.Entry decision) {
        return new ObservedDecision(decision.opOffset(), decision.halfOffset(), decision.decision(), decision.source(),
                decision.transactionId(), decision.producerGroup(), decision.decidedAtMs(), decision.topic(),
                decision.queueId(), decision.keys(), decision.storedAtMs());
    }
}
