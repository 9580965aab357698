package io.tandem.coordinator.check;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.tandem.coordinator.metrics.CoordinatorMetrics;
import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.broker.BrokerAdminException;
import io.tandem.coordinator.decision.DecisionSync;
import io.tandem.coordinator.decision.Resolver;
import io.tandem.coordinator.lease.HalfLeases;
import io.tandem.coordinator.lease.Lease;
import io.tandem.coordinator.policy.EndOfChecksPolicy;
import io.tandem.coordinator.policy.HalfParkedEvent;
import io.tandem.coordinator.record.ActionKind;
import io.tandem.coordinator.record.ActionOutcome;
import io.tandem.coordinator.record.ActionRecord;
import io.tandem.coordinator.record.AnsweredAttempt;
import io.tandem.coordinator.record.CheckAnswer;
import io.tandem.coordinator.record.CheckAttempt;
import io.tandem.coordinator.record.CheckChannel;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.protocol.body.HalfMessageList;
import io.tandem.protocol.txn.CheckOutcome;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.protocol.txn.EndOfChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import java.time.Clock;
import java.util.Optional;

/**
 * One check of one leased half, start to end:
 * <ol>
 *   <li>take a permit from the check rate limiter (waiting for it is the back-pressure of a check storm);</li>
 *   <li>ask the broker whether the half is still undecided; if not, copy its decision and stop (no check once a
 *   final state exists);</li>
 *   <li>settle the previous broker-channel attempt from the broker's last answer (UNKNOWN, or NO_ANSWER);</li>
 *   <li>if the half used up its checks, apply the end-of-checks policy: rollback, commit, or park (with an alert
 *   and a {@link HalfParkedEvent});</li>
 *   <li>else check through the broker (TANDEM_CHECK_HALF to a live producer connection; its answer comes back as a
 *   decision, or as the broker's last answer); when no producer is connected, through the group's HTTP check
 *   endpoint, whose COMMIT or ROLLBACK is sent to the broker as a CHECK decision;</li>
 *   <li>record every attempt and end the lease with the progress: the counted checks and when the half is due
 *   next (after the back-off).</li>
 * </ol>
 * A check that fails records the failure and moves the half's next check out by the back-off, so a failing half
 * never blocks others and never loops hot. A broker that cannot be reached does not use up checks; a breaker that
 * is open does not either. No step starts later than the lease's end less {@link CoordinatorProperties#leaseMargin()}.
 *
 * <p>Thread-safe: runs on many check threads at once, each with its own lease.
 */
public final class CheckRound {

    private static final Logger LOG = LoggerFactory.getLogger(CheckRound.class);

    private final CoordinatorProperties properties;
    private final BrokerAdminClient admin;
    private final TransactionRecord record;
    private final HalfLeases leases;
    private final DecisionSync decisions;
    private final Resolver resolver;
    private final HttpCheckChannel http;
    private final EndOfChecksPolicy policy;
    private final CheckResilience resilience;
    private final CoordinatorMetrics metrics;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public CheckRound(CoordinatorProperties properties, BrokerAdminClient admin, TransactionRecord record,
                      HalfLeases leases, DecisionSync decisions, Resolver resolver, HttpCheckChannel http,
                      EndOfChecksPolicy policy, CheckResilience resilience, CoordinatorMetrics metrics,
                      ApplicationEventPublisher events, Clock clock) {
        this.properties = properties;
        this.admin = admin;
        this.record = record;
        this.leases = leases;
        this.decisions = decisions;
        this.resolver = resolver;
        this.http = http;
        this.policy = policy;
        this.resilience = resilience;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    /** Runs the check of one leased half. Never throws for a check that failed; the failure is recorded. */
    public void run(Lease lease) {
        HalfRecord half = lease.half();
        long deadlineMs = lease.untilMs() - properties.leaseMargin().toMillis();
        RateLimiter limiter = resilience.rateLimiter();
        if (!limiter.acquirePermission()) {
            leases.release(lease);
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        Optional<HalfMessageList.Half> live;
        try {
            requireTime(deadlineMs, properties.brokerTimeout().toMillis());
            live = admin.undecided(half.broker(), half.halfOffset());
        } catch (BrokerAdminException | LeaseDeadlineException e) {
            failed(lease, CheckChannel.BROKER, half.broker(), e);
            return;
        }
        if (live.isEmpty()) {
            leases.release(lease);
            decisions.sync(half.broker());
            return;
        }
        if (half.lastAnswer() == CheckAnswer.AWAITING) {
            CheckAnswer answer = live.get().lastAnswer() == CheckOutcome.UNKNOWN ? CheckAnswer.UNKNOWN
                    : CheckAnswer.NO_ANSWER;
            if (record.settleAwaiting(half.id(), answer, null) > 0) {
                metrics.checked(CheckChannel.BROKER, answer, null);
            }
            half = withLastAnswer(half, answer);
        }
        if (half.checks() >= policy.maxChecks(half)) {
            endOfChecks(lease, half, deadlineMs);
            return;
        }
        check(lease, half, deadlineMs);
    }

    private void check(Lease lease, HalfRecord half, long deadlineMs) {
        int number = half.checks() + 1;
        long startedMs = clock.millis();
        boolean sent;
        try {
            requireTime(deadlineMs, properties.brokerTimeout().toMillis());
            sent = admin.checkHalf(half.broker(), half.halfOffset());
        } catch (BrokerAdminException | LeaseDeadlineException e) {
            failed(lease, CheckChannel.BROKER, half.broker(), e);
            return;
        }
        if (sent) {
            attempt(half, number, CheckChannel.BROKER, half.broker(), CheckAnswer.AWAITING, null, startedMs, null);
            leases.complete(lease, number, CheckAnswer.AWAITING, nextCheckAt(number));
            // The producer may have answered, and its decision been copied, before the attempt or its AWAITING was
            // stored; nothing would settle them afterwards.
            for (AnsweredAttempt answered : record.settleDecided(half.id())) {
                metrics.checked(CheckChannel.BROKER, answered.answer(), answered.latencyMs());
            }
            return;
        }
        long brokerLatencyMs = clock.millis() - startedMs;
        attempt(half, number, CheckChannel.BROKER, half.broker(), CheckAnswer.NO_PRODUCER, null, startedMs,
                brokerLatencyMs);
        metrics.checked(CheckChannel.BROKER, CheckAnswer.NO_PRODUCER, null);
        if (!http.configured(half.producerGroup())) {
            leases.complete(lease, number, CheckAnswer.NO_PRODUCER, nextCheckAt(number));
            return;
        }
        long httpStartedMs = clock.millis();
        HttpCheckResult result = http.check(half, deadlineMs);
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        attempt(half, number, CheckChannel.HTTP, result.target(), result.answer(), result.error(), httpStartedMs,
                result.latencyMs());
        boolean answered = result.answer().decision() != null || result.answer() == CheckAnswer.UNKNOWN;
        metrics.checked(CheckChannel.HTTP, result.answer(), answered ? result.latencyMs() : null);
        Decision decision = result.answer().decision();
        if (decision != null) {
            Resolver.Result resolved = resolver.resolve(half, decision, DecisionSource.CHECK,
                    "http " + result.target(), null);
            if (resolved == Resolver.Result.FAILED) {
                leases.complete(lease, half.checks(), result.answer(), nextCheckAt(Math.max(1, half.checks())));
                return;
            }
            leases.complete(lease, number, result.answer(), nextCheckAt(number));
            return;
        }
        if (result.answer() == CheckAnswer.REJECTED) {
            leases.complete(lease, half.checks(), CheckAnswer.REJECTED, nextCheckAt(Math.max(1, half.checks())));
            return;
        }
        leases.complete(lease, number, result.answer(), nextCheckAt(number));
    }

    private void endOfChecks(Lease lease, HalfRecord half, long deadlineMs) {
        EndOfChecks action = policy.endOfChecks(half);
        String reason = "no decision after " + half.checks() + " checks (end-of-checks policy " + action + ")";
        try {
            requireTime(deadlineMs, properties.brokerTimeout().toMillis());
        } catch (LeaseDeadlineException e) {
            leases.release(lease);
            return;
        }
        if (action == EndOfChecks.PARK) {
            park(lease, half, reason);
            return;
        }
        Resolver.Result result = resolver.resolve(half, action.decision(), DecisionSource.POLICY, properties.instanceId(),
                reason);
        if (result == Resolver.Result.FAILED) {
            leases.complete(lease, half.checks(), half.lastAnswer(), nextCheckAt(Math.max(1, half.checks())));
        } else {
            leases.release(lease);
        }
    }

    private void park(Lease lease, HalfRecord half, String reason) {
        ActionRecord action = record.addAction(new ActionRecord(null, half.id(), ActionKind.PARK, null, null,
                properties.instanceId(), reason, clock.millis(), properties.instanceId(), ActionOutcome.REQUESTED,
                null));
        try {
            admin.park(half.broker(), half.halfOffset(), true);
        } catch (BrokerAdminException e) {
            record.completeAction(action.id(), ActionOutcome.FAILED, e.getMessage());
            failed(lease, CheckChannel.BROKER, half.broker(), e);
            return;
        }
        record.completeAction(action.id(), ActionOutcome.DONE, null);
        if (leases.park(lease, half.lastAnswer())) {
            metrics.parked();
            LOG.warn("parked half {} on {} (group {}, topic {}, transaction {}): {}; an operator must resume or "
                            + "decide it", half.halfOffset(), half.broker(), half.producerGroup(), half.topic(),
                    half.transactionId(), reason);
            events.publishEvent(new HalfParkedEvent(half.id(), half.broker(), half.halfOffset(), half.producerGroup(),
                    half.topic(), half.transactionId(), half.checks()));
        }
    }

    /**
     * Records a failed step and moves the half's next check out by the back-off, without counting a check: an
     * unreachable broker does not use up a half's checks.
     */
    private void failed(Lease lease, CheckChannel channel, String target, RuntimeException failure) {
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        HalfRecord half = lease.half();
        int checks = half.checks();
        attempt(half, half.checks() + 1, channel, target, CheckAnswer.FAILED, failure.getMessage(), clock.millis(),
                null);
        metrics.checked(channel, CheckAnswer.FAILED, null);
        leases.complete(lease, checks, CheckAnswer.FAILED, nextCheckAt(Math.max(1, checks)));
        LOG.debug("check of half {} on {} failed: {}", half.halfOffset(), half.broker(), failure.getMessage());
    }

    private void attempt(HalfRecord half, int number, CheckChannel channel, String target, CheckAnswer answer,
                         String error, long attemptedAtMs, Long latencyMs) {
        record.addAttempt(new CheckAttempt(null, half.id(), number, channel, target, answer, truncate(error),
                attemptedAtMs, latencyMs, properties.instanceId()));
    }

    private long nextCheckAt(int checks) {
        return clock.millis() + properties.backoff().afterCheckMs(checks);
    }

    private void requireTime(long deadlineMs, long stepMs) {
        if (clock.millis() + stepMs > deadlineMs) {
            throw new LeaseDeadlineException("the lease ends before the next step could finish");
        }
    }

    private static HalfRecord withLastAnswer(HalfRecord half, CheckAnswer answer) {
        return new HalfRecord(half.id(), half.broker(), half.halfOffset(), half.commitLogOffset(),
                half.producerGroup(), half.transactionId(), half.topic(), half.queueId(), half.messageKeys(),
                half.storedAtMs(), half.checkAfterMs(), half.state(), half.checks(), answer, half.nextCheckAtMs(),
                half.leaseOwner(), half.leaseUntilMs(), half.leaseToken(), half.discoveredAtMs(), half.decision(),
                half.decisionSource(), half.decidedAtMs());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
