package io.tandem.server.namesrv;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Removes broker group members that stopped registering: runs {@link BrokerRegistry#expireSilentMembers()} every scan
 * interval on its own thread. What counts as silent is decided by the registry's clock, not by this timer.
 */
public final class BrokerExpiryDuty implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerExpiryDuty.class);

    private final BrokerRegistry registry;
    private final Duration scanInterval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable ->
            Thread.ofPlatform().name("tandem-namesrv-expiry").daemon().unstarted(runnable));

    public BrokerExpiryDuty(BrokerRegistry registry, Duration scanInterval) {
        this.registry = registry;
        this.scanInterval = scanInterval;
    }

    public void start() {
        long periodMs = scanInterval.toMillis();
        timer.scheduleWithFixedDelay(this::scan, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void scan() {
        try {
            registry.expireSilentMembers();
        } catch (RuntimeException e) {
            LOG.error("broker expiry scan failed; will retry", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
