package io.tandem.server.cluster;

import io.tandem.protocol.body.DataVersion;
import io.tandem.protocol.body.TopicConfig;
import io.tandem.protocol.route.BrokerData;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.metadata.Topics;
import io.tandem.server.namesrv.BrokerRegistry;
import io.tandem.server.remoting.PeerClient;
import io.tandem.server.tls.PeerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Keeps this broker registered with every name server it knows: its embedded one (in process) and each configured
 * one (over the network). It registers when started, again every registration interval (renewing its lease), and
 * as soon as its topics change (so routes of a new topic appear within milliseconds, not at the next period); it
 * unregisters from each when closed, so clients stop routing to a broker that stopped cleanly.
 *
 * <p>Failure modes: a name server that cannot be reached or refuses is logged (WARN, once per outage) and tried again
 * on its own after 1 s, the delay doubling with each failure up to the registration interval (so a broker started
 * before its name servers is routable within a second or two of their start, not at its next period); the others
 * are not held up. Registration never blocks the thread that changed a topic:
 * the in-process name server is updated on that thread, the remote ones from the registrar's own thread.
 * Thread-safe.
 */
public final class NameServerRegistrar implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NameServerRegistrar.class);

    /** The first retry of a name server that failed comes this long after the failure. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final BrokerIdentity identity;
    private final long brokerId;
    private final String haAddress;
    private final Topics topics;
    private final LongSupplier maxOffset;
    private final Clock clock;
    private final ClusterConfig config;
    private final List<NameServerTarget> targets;
    private final PeerClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable ->
            Thread.ofPlatform().name("tandem-broker-registration").daemon().unstarted(runnable));
    private final AtomicReference<DataVersion> dataVersion;
    private final AtomicBoolean remotePending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Per name server failing now: the delay of its next retry. */
    private final Map<String, Long> retryDelaysMs = new ConcurrentHashMap<>();

    /**
     * @param identity      who this broker is
     * @param topics        its topics; the registrar listens to their changes
     * @param maxOffset     end position of its commit log
     * @param clock         timestamps of the topic table's versions
     * @param config        name servers and intervals
     * @param embedded      the registry of the embedded name server, or null when the process runs none
     * @param brokerId      the id routes list this broker under (0: its group's leader)
     * @param haAddress     {@code host:port} of its replication listener (its broker address when it has none)
     * @param tls           TLS of the connections to remote name servers, or null for plain TCP
     */
    public NameServerRegistrar(BrokerIdentity identity, Topics topics, LongSupplier maxOffset, Clock clock,
                               ClusterConfig config, BrokerRegistry embedded, long brokerId, String haAddress,
                               PeerTls tls) {
        this.identity = identity;
        this.brokerId = brokerId;
        this.haAddress = haAddress;
        this.topics = topics;
        this.maxOffset = maxOffset;
        this.clock = clock;
        this.config = config;
        this.dataVersion = new AtomicReference<>(new DataVersion(0, clock.millis(), 0));
        this.client = new PeerClient("registration", config.registrationTimeout(), tls);
        List<NameServerTarget> all = new ArrayList<>();
        if (embedded != null) {
            all.add(new EmbeddedNameServer(embedded));
        }
        for (String address : config.nameServers()) {
            all.add(new RemoteNameServer(client, address, config.registrationTimeout()));
        }
        this.targets = List.copyOf(all);
    }

    /**
     * Registers with every name server, waiting up to the registration timeout for their answers (one that does not
     * answer is tried again later; it does not stop the broker), then renews every registration interval.
     */
    public void start() {
        topics.addChangeListener(this::topicsChanged);
        awaitAll(registerWith(targets), "register");
        long periodMs = config.registrationInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> awaitAll(registerWith(targets), "register"), periodMs, periodMs,
                TimeUnit.MILLISECONDS);
    }

    /** The topic table changed: a new version, registered in process now and with remote name servers at once. */
    void topicsChanged() {
        if (closed.get()) {
            return;
        }
        dataVersion.updateAndGet(version -> version.next(clock.millis()));
        registerWith(targets.stream().filter(NameServerTarget::inProcess).toList());
        if (remotePending.compareAndSet(false, true)) {
            try {
                timer.execute(() -> {
                    remotePending.set(false);
                    registerWith(targets.stream().filter(target -> !target.inProcess()).toList());
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                remotePending.set(false); // closing
            }
        }
    }

    /** What this broker announces now. */
    Announcement announcement() {
        Map<String, TopicConfig> table = new TreeMap<>();
        for (io.tandem.server.metadata.TopicConfig topic : topics.all()) {
            table.put(topic.name(), new TopicConfig(topic.name(), topic.readQueueNums(), topic.writeQueueNums(),
                    topic.perm(), "SINGLE_TAG", 0, topic.order(), Map.of()));
        }
        return new Announcement(identity, brokerId, haAddress, maxOffset.getAsLong(),
                dataVersion.get(), table);
    }

    private List<CompletableFuture<Void>> registerWith(List<NameServerTarget> chosen) {
        if (chosen.isEmpty()) {
            return List.of();
        }
        Announcement announcement = announcement();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (NameServerTarget target : chosen) {
            CompletableFuture<Void> answer;
            try {
                answer = target.register(announcement);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answers.add(answer.whenComplete((ignored, failure) -> noteOutcome(target, "register", failure)));
        }
        return answers;
    }

    /** Logs a registration's outcome (a failure once per outage), and retries one that failed. */
    private void noteOutcome(NameServerTarget target, String what, Throwable failure) {
        if (failure == null) {
            retryDelaysMs.remove(target.name());
            if (failing.remove(target.name())) {
                LOG.info("{} of broker {} with name server {} works again", what, identity.brokerName(),
                        target.name());
            }
            return;
        }
        if (failing.add(target.name())) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.warn("cannot {} broker {} with name server {} (will retry in {}, then less often up to every {}): {}",
                    what, identity.brokerName(), target.name(), FIRST_RETRY, config.registrationInterval(),
                    cause.toString());
        }
        retryLater(target);
    }

    /** A retry of a name server that failed, unless one is due already: after 1 s, doubling up to the interval. */
    private void retryLater(NameServerTarget target) {
        long firstMs = Math.min(FIRST_RETRY.toMillis(), config.registrationInterval().toMillis());
        if (!closed.get() && retryDelaysMs.putIfAbsent(target.name(), firstMs) == null) {
            scheduleRetry(target, firstMs);
        }
    }

    private void scheduleRetry(NameServerTarget target, long delayMs) {
        try {
            timer.schedule(() -> registerWith(List.of(target)).getFirst().whenComplete((ignored, failure) -> {
                // A success has cleared the delay (noteOutcome runs first); a failure retries later, less often.
                long nextMs = Math.min(config.registrationInterval().toMillis(), delayMs * 2);
                if (failure != null && !closed.get() && retryDelaysMs.replace(target.name(), nextMs) != null) {
                    scheduleRetry(target, nextMs);
                }
            }), delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            retryDelaysMs.remove(target.name()); // closing
        }
    }

    private void awaitAll(List<CompletableFuture<Void>> answers, String what) {
        long deadline = System.nanoTime() + config.registrationTimeout().toNanos();
        for (CompletableFuture<Void> answer : answers) {
            try {
                answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // noted by the answer's own completion (a time-out by the client's)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.debug("interrupted while waiting to {} with name servers", what);
                return;
            }
        }
    }

    /** Unregisters from every name server (waiting up to the registration timeout), then stops. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        Announcement announcement = announcement();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (NameServerTarget target : targets) {
            answers.add(target.unregister(announcement).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.warn("cannot unregister broker {} from name server {}: {}", identity.brokerName(),
                            target.name(), failure.toString());
                } else {
                    LOG.info("broker {} unregistered from name server {}", identity.brokerName(), target.name());
                }
            }));
        }
        awaitAll(answers, "unregister");
        client.close();
    }
}
