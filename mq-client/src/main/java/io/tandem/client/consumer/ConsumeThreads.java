package io.tandem.client.consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The fixed pool of platform threads a push consumer runs its listener on, named {@code tandem-consume-<group>-n}. */
final class ConsumeThreads {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeThreads.class);

    private ConsumeThreads() {
    }

    static ThreadPoolExecutor create(String group, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "tandem-consume-" + group + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Shuts {@code executor} down, waiting up to {@code timeout} for running tasks, then interrupting them. */
    static void shutdown(ThreadPoolExecutor executor, Duration timeout, String group) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("Listener calls of {} still running {} ms after close; interrupting them", group,
                        timeout.toMillis());
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
