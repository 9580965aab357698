package io.tandem.server.txn;

import io.tandem.protocol.txn.CheckOutcome;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broker's own check-back scheduling (the embedded default until a coordinator takes the job): checks every
 * undecided half when it falls due under the {@link CheckBackPolicy}, records each attempt (even when no producer is
 * online, so one stuck half never starves the others), and applies the end-of-checks action. Time comes only from
 * the broker's injected clock. One thread, waiting on a condition until the next half falls due.
 */
public final class CheckBackDuty implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckBackDuty.class);
    private static final long MAX_WAIT_MS = 1000;

    private final TransactionService transactions;
    private final CheckBackPolicy policy;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stop = lock.newCondition();
    private volatile boolean running = true;
    private final Thread thread;

    public CheckBackDuty(TransactionService transactions, CheckBackPolicy policy, Clock clock) {
        this.transactions = transactions;
        this.policy = policy;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("tandem-check-back").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            long next;
            try {
                next = pass();
            } catch (RuntimeException e) {
                LOG.error("check-back pass failed; next pass in {} ms", MAX_WAIT_MS, e);
                next = clock.millis() + MAX_WAIT_MS;
            }
            lock.lock();
            try {
                long waitMs = Math.min(next - clock.millis(), MAX_WAIT_MS);
                if (running && waitMs > 0) {
                    stop.await(waitMs, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Checks or resolves every half due now; returns when the next one falls due. */
    long pass() {
        long now = clock.millis();
        long next = Long.MAX_VALUE;
        TransactionTable table = transactions.table();
        for (TransactionTable.Snapshot entry : table.undecided()) {
            if (entry.state() != TransactionTable.State.PENDING || entry.parked()) {
                continue;
            }
            if (entry.nextCheckAtMs() > now) {
                next = Math.min(next, entry.nextCheckAtMs());
                continue;
            }
            HalfMessage half = entry.half();
            if (entry.checks() >= policy.maxChecks()) {
                endOfChecks(half);
                continue;
            }
            int checkNumber = entry.checks() + 1;
            long nextCheck = now + policy.backoffMs(checkNumber);
            try {
                transactions.sendCheck(half, checkNumber, nextCheck);
            } catch (RuntimeException e) {
                LOG.warn("check {} of half {} failed: {}", checkNumber, half.uniqueKey(), e.toString());
                table.checked(half.halfOffset(), CheckOutcome.CHECK_FAILED, nextCheck);
            }
            next = Math.min(next, nextCheck);
        }
        return next;
    }

    private void endOfChecks(HalfMessage half) {
        switch (policy.endOfChecks()) {
            case PARK -> {
                transactions.table().park(half.halfOffset());
                LOG.warn("half {} of producer group {} parked after {} checks; resolve it through the admin API",
                        half.uniqueKey(), half.producerGroup(), policy.maxChecks());
            }
            case COMMIT, ROLLBACK -> {
                Decision decision = policy.endOfChecks().decision();
                LOG.warn("half {} of producer group {}: {} after {} unanswered checks", half.uniqueKey(),
                        half.producerGroup(), decision, policy.maxChecks());
                transactions.decide(half.halfOffset(), half.position(), null, decision, DecisionSource.POLICY)
                        .exceptionally(failure -> {
                            LOG.error("policy decision of half {} could not be stored", half.uniqueKey(), failure);
                            return null;
                        });
            }
        }
    }

    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            stop.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
