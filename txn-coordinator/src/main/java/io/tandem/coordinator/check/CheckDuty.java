package io.tandem.coordinator.check;

import io.tandem.coordinator.metrics.CoordinatorMetrics;
import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.broker.BrokerDirectory;
import io.tandem.coordinator.decision.DecisionSync;
import io.tandem.coordinator.lease.HalfLeases;
import io.tandem.coordinator.lease.Lease;
import io.tandem.coordinator.record.TransactionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's duty cycle, one round every {@code poll-interval} on one thread: for every broker, find new
 * halves ({@link HalfScanner}; a full scan every {@value #FULL_SCAN_EVERY} rounds) and copy its decisions
 * ({@link DecisionSync}); then claim as many due halves as there are free check slots and hand each to a
 * {@link CheckRound} on its own virtual thread; then refresh the gauges.
 *
 * <p>Back-pressure, not dropping: at most {@code max-concurrent-checks} checks run at once, and the duty claims
 * no more halves than there are free slots, so due halves wait in the database (where another instance may take
 * them) instead of in a queue. A broker that fails is logged and retried next round; it does not stop the others.
 *
 * <p>Stopping ends the cycle, interrupts running checks and then releases this instance's leases, so that a
 * restarted or another instance takes their halves over at once; an instance that dies instead leaves its leases to
 * run out.
 */
public final class CheckDuty implements SmartLifecycle {

    /** Every this many rounds the scan lists a broker's halves from offset 0. */
    public static final int FULL_SCAN_EVERY = 60;

    private static final Logger LOG = LoggerFactory.getLogger(CheckDuty.class);

    private final CoordinatorProperties properties;
    private final BrokerDirectory brokers;
    private final HalfScanner scanner;
    private final DecisionSync decisions;
    private final HalfLeases leases;
    private final CheckRound round;
    private final TransactionRecord record;
    private final CoordinatorMetrics metrics;
    private final Clock clock;
    private final Semaphore slots;
    private ScheduledExecutorService cycle;
    private ExecutorService checks;
    private final Set<String> failingBrokers = new HashSet<>();
    private long rounds;
    private volatile boolean running;

    public CheckDuty(CoordinatorProperties properties, BrokerDirectory brokers, HalfScanner scanner,
                     DecisionSync decisions, HalfLeases leases, CheckRound round, TransactionRecord record,
                     CoordinatorMetrics metrics, Clock clock) {
        this.properties = properties;
        this.brokers = brokers;
        this.scanner = scanner;
        this.decisions = decisions;
        this.leases = leases;
        this.round = round;
        this.record = record;
        this.metrics = metrics;
        this.clock = clock;
        this.slots = new Semaphore(properties.maxConcurrentChecks());
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        checks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tandem-check-", 0).factory());
        cycle = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tandem-coordinator-duty")
                .daemon(true).factory());
        cycle.scheduleWithFixedDelay(this::runRound, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        running = true;
        LOG.info("transaction coordinator {} started for brokers {}", properties.instanceId(), brokers.addresses());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        cycle.shutdownNow();
        checks.shutdownNow();
        try {
            if (!cycle.awaitTermination(5, TimeUnit.SECONDS) || !checks.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("coordinator threads still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            int released = leases.releaseAll(properties.instanceId());
            if (released > 0) {
                LOG.info("released {} leases of halves being checked", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not release this instance's leases; they run out after {}: {}", properties.leasePeriod(),
                    e.toString());
        }
        LOG.info("transaction coordinator {} stopped", properties.instanceId());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void runRound() {
        try {
            List<String> addresses = brokers.addresses();
            boolean full = rounds++ % FULL_SCAN_EVERY == 0;
            for (String broker : addresses) {
                try {
                    scanner.scan(broker, full);
                    decisions.sync(broker);
                    if (failingBrokers.remove(broker)) {
                        LOG.info("broker {}: reading halves and decisions again", broker);
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    if (failingBrokers.add(broker)) {
                        LOG.warn("broker {}: could not read halves or decisions (retried every round, logged again "
                                + "when it recovers): {}", broker, e.getMessage());
                    } else {
                        LOG.debug("broker {}: still failing: {}", broker, e.getMessage());
                    }
                }
            }
            dispatch(addresses);
            metrics.statistics(record.statistics());
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("coordinator round failed: {}", e.toString());
            }
        }
    }

    private void dispatch(List<String> addresses) {
        int free = slots.availablePermits();
        if (free == 0 || addresses.isEmpty()) {
            return;
        }
        List<Lease> claimed = leases.claim(addresses, properties.instanceId(), clock.millis(),
                properties.leasePeriod().toMillis(), free);
        for (Lease lease : claimed) {
            slots.acquireUninterruptibly();
            try {
                checks.execute(() -> check(lease));
            } catch (RuntimeException rejected) {
                slots.release();
                return;
            }
        }
    }

    private void check(Lease lease) {
        try {
            round.run(lease);
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("check of half {} on {} failed: {}", lease.half().halfOffset(), lease.half().broker(),
                        e.toString());
            }
        } finally {
            slots.release();
        }
    }
}
