package io.tandem.console.stats;

import io.tandem.client.admin.AdminClient;
import io.tandem.console.cluster.ClusterAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the whole cluster every {@code interval} into the {@link StatsHistory}: brokers, topic settings and queue
 * offsets, group settings and committed offsets (see {@link AdminClient#allTopicStats()} and
 * {@link AdminClient#allGroupOffsets()}). One sample at a time on one platform thread; a failed sample is noted in
 * the history and logged once per change of reason, and the next one is tried at the next tick.
 *
 * <p>Runs in the last phase, like the broker of the embedded application, which declares this bean to depend on its
 * broker: started after the broker and stopped before it, a shutdown does not log failures against a closed broker.
 */
public final class StatsSampler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StatsSampler.class);

    private final ClusterAccess cluster;
    private final StatsHistory history;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private String lastFailure;

    public StatsSampler(ClusterAccess cluster, StatsHistory history, Duration interval, Clock clock) {
        this.cluster = cluster;
        this.history = history;
        this.interval = interval;
        this.clock = clock;
    }

    /** Takes one sample now, on the caller's thread; pages call it after a change so that lists show it at once. */
    public synchronized void sampleNow() {
        long started = clock.millis();
        try {
            AdminClient admin = cluster.admin();
            var brokers = admin.clusterInfo();
            var topics = admin.topicSettings();
            var topicQueues = admin.allTopicStats();
            var groups = admin.listGroups();
            var groupQueues = admin.allGroupOffsets();
            history.record(new ClusterSnapshot(started, clock.millis() - started, brokers, topics, topicQueues,
                    groups, groupQueues));
            if (lastFailure != null) {
                LOG.info("Sampling the cluster works again");
                lastFailure = null;
            }
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            history.recordFailure(reason);
            if (!reason.equals(lastFailure)) {
                LOG.warn("Sampling the cluster failed: {}", reason);
                lastFailure = reason;
            }
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tandem-console-sampler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sampleNow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = executor;
            executor = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                stopping.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
