package io.tandem.client.internal;

import io.tandem.client.concurrent.VirtualThreads;
import io.tandem.client.ClientConfig;
import io.tandem.client.MqClientException;
import io.tandem.client.TopicNotFoundException;
import io.tandem.client.remoting.RemotingClient;
import io.tandem.client.remoting.RequestProcessor;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ClusterInfo;
import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.HeartbeatData;
import io.tandem.protocol.body.ProducerData;
import io.tandem.protocol.header.GetRouteInfoRequestHeader;
import io.tandem.protocol.header.UnregisterClientRequestHeader;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The shared core of one client object: its connections, its client id, name-server lookups with fail-over, the
 * route cache refreshed on a timer and on demand, heartbeats to every known broker, and the timers and worker
 * threads the producer and consumers schedule their duties on (fact sheet 7.1). Thread-safe.
 *
 * <p>Requests are sent with {@link #invoke}: transport failures come back as the client's exceptions
 * ({@link io.tandem.client.MqTimeoutException}, {@link io.tandem.client.MqConnectException}) and every continuation
 * runs on a worker (virtual) thread, never on a Netty event loop, so callers may block in them. Broker answers with
 * failure codes are returned as responses; callers decide what each code means for them.
 *
 * <p>Design note: timers only hand work to virtual threads, so a duty that waits for a slow server (a heartbeat, a
 * route lookup) never delays another (a pull resumed after back-off, an offset commit).
 */
public final class ClientInstance implements AutoCloseable {

    /** Producer group of the consumers' internal producer; always listed in heartbeats (fact sheet 6.2). */
    public static final String INNER_PRODUCER_GROUP = "CLIENT_INNER_PRODUCER";

    private static final Logger LOG = LoggerFactory.getLogger(ClientInstance.class);
    private static final Duration MIN_HEARTBEAT_GAP = Duration.ofSeconds(1);
    static final long ROUTE_DISCOVERY_FIRST_DELAY_MS = 100;
    /**
     * Delay of the first extra lookup of a watched topic the name servers did not know; each further lookup waits
     * twice as long, up to {@link #ROUTE_DISCOVERY_MAX_DELAY}, for as long as the topic is watched and missing.
     */
    static final Duration ROUTE_DISCOVERY_FIRST_DELAY = Duration.ofMillis(ROUTE_DISCOVERY_FIRST_DELAY_MS);
    static final long ROUTE_DISCOVERY_MAX_DELAY_MS = 2_000;
    /**
     * The longest wait between two lookups of a watched, missing topic, so that a topic created long after its
     * consumer subscribed is still found within about this time rather than at the next route refresh (30 s by
     * default). When the route refresh interval is not longer, the refresh timer alone looks.
     */
    static final Duration ROUTE_DISCOVERY_MAX_DELAY = Duration.ofMillis(ROUTE_DISCOVERY_MAX_DELAY_MS);
    private static final AtomicInteger TIMER_COUNTER = new AtomicInteger();

    private final ClientConfig config;
    private final String clientId;
    private final RemotingClient remoting;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final TopicRoutes routes = new TopicRoutes();
    private final Set<String> refreshedTopics = ConcurrentHashMap.newKeySet();
    /** Watched topics whose last lookup found no route. */
    private final Set<String> missingTopics = ConcurrentHashMap.newKeySet();
    /**
     * Missing topics with a chain of quick lookups scheduled or, where the refresh interval is not longer than the
     * chain's delays, finished.
     */
    private final Set<String> discoveringTopics = ConcurrentHashMap.newKeySet();
    /** Route lookups started by {@link #refreshRoute}, one per topic at a time. */
    private final Map<String, CompletableFuture<TopicRouteData>> routeRefreshes = new ConcurrentHashMap<>();
    private final List<HeartbeatSource> heartbeatSources = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> routeListeners = new CopyOnWriteArrayList<>();
    /** Masters learnt from the name servers' cluster view, heartbeated even when no topic in use names them. */
    private final Set<String> clusterBrokers = ConcurrentHashMap.newKeySet();
    private volatile boolean watchingCluster;
    private final AtomicInteger nameServerIndex;
    private final AtomicLong lastHeartbeatRequestNanos = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MessageTracer tracer;

    /**
     * A client core with its own connections. {@code idSuffix} is appended to a generated client id (the reference
     * lite pull consumer appends {@code @STREAM}); a configured client id is used as it is.
     */
    public ClientInstance(ClientConfig config, String idSuffix) {
        this.config = config;
        this.clientId = config.clientId() != null ? config.clientId()
                : ClientIds.newClientId() + (idSuffix == null ? "" : idSuffix);
        this.remoting = new RemotingClient(config.remoting(), config.credentials());
        int timerNumber = TIMER_COUNTER.incrementAndGet();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tandem-client-timer-" + timerNumber);
            thread.setDaemon(true);
            return thread;
        });
        this.workers = VirtualThreads.perTaskExecutor("tandem-client-worker-" + timerNumber + "-");
        this.nameServerIndex = new AtomicInteger(
                ThreadLocalRandom.current().nextInt(config.nameServerAddresses().size()));
        this.tracer = config.traceTopic() == null ? null : new MessageTracer(this, config.traceTopic());
    }

    /** Starts the route-refresh and heartbeat timers (first runs after 10 ms and 1 s). Idempotent. */
    public void start() {
        if (closed.get()) {
            throw new MqClientException("client is closed");
        }
        if (!started.compareAndSet(false, true)) {
            return;
        }
        schedulePeriodically("route refresh", this::refreshRoutes, Duration.ofMillis(10),
                config.routeRefreshInterval());
        schedulePeriodically("heartbeat", this::sendHeartbeats, Duration.ofSeconds(1), config.heartbeatInterval());
        if (tracer != null) {
            tracer.start();
        }
    }

    public ClientConfig config() {
        return config;
    }

    public String clientId() {
        return clientId;
    }

    /** Where this client's message trace records go, or null when message trace is off. */
    public MessageTracer tracer() {
        return tracer;
    }

    public TopicRoutes routes() {
        return routes;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Handles requests of {@code requestCode} that brokers send to this client. */
    public void registerProcessor(int requestCode, RequestProcessor processor) {
        remoting.registerProcessor(requestCode, processor);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Requests

    /**
     * Sends a request and completes with the response, whatever its code, on a worker thread. Fails with
     * {@link io.tandem.client.MqTimeoutException}, {@link io.tandem.client.MqConnectException} or, once closed,
     * {@link MqClientException}.
     */
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
        CompletableFuture<RemotingCommand> sent;
        try {
            sent = remoting.invoke(address, request, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Calls.translate(e, address, request.code(), timeout));
        }
        sent.whenComplete((response, failure) -> {
            Runnable completion = failure == null
                    ? () -> result.complete(response)
                    : () -> result.completeExceptionally(Calls.translate(failure, address, request.code(), timeout));
            try {
                workers.execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run();
            }
        });
        return result;
    }

    /** {@link #invoke} with the configured RPC timeout. */
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request) {
        return invoke(address, request, config.rpcTimeout());
    }

    /** {@link #invoke} and wait; throws what the future would fail with. */
    public RemotingCommand invokeSync(String address, RemotingCommand request) {
        return Calls.await(invoke(address, request));
    }

    /** Sends a oneway request; completes when written, fails like {@link #invoke}. */
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            remoting.invokeOneway(address, request).whenComplete((ignored, failure) -> {
                if (failure == null) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(Calls.translate(failure, address, request.code(),
                            config.rpcTimeout()));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(Calls.translate(e, address, request.code(), config.rpcTimeout()));
        }
        return result;
    }

    /**
     * Sends a request to the name servers: to the one that answered last, then, when it is unreachable or silent,
     * to each other one in turn (fact sheet 7.7).
     */
    public CompletableFuture<ServerResponse> invokeNameServer(RemotingCommand request) {
        return invokeNameServer(request, nameServerIndex.get(), 0);
    }

    private CompletableFuture<ServerResponse> invokeNameServer(RemotingCommand request, int start, int attempt) {
        List<String> addresses = config.nameServerAddresses();
        int index = Math.floorMod(start + attempt, addresses.size());
        String address = addresses.get(index);
        return invoke(address, request)
                .thenApply(response -> {
                    nameServerIndex.set(index);
                    return new ServerResponse(address, response);
                })
                .exceptionallyCompose(failure -> {
                    if (Calls.isTransportFailure(failure) && attempt + 1 < addresses.size() && !closed.get()) {
                        LOG.debug("Name server {} failed, trying the next: {}", address, failure.toString());
                        return invokeNameServer(request, start, attempt + 1);
                    }
                    return CompletableFuture.failedFuture(Calls.unwrap(failure));
                });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Routes

    /** Keeps the route of {@code topic} refreshed by the timer. */
    public void watchTopic(String topic) {
        refreshedTopics.add(topic);
    }

    /** Stops refreshing {@code topic}. */
    public void unwatchTopic(String topic) {
        refreshedTopics.remove(topic);
        missingTopics.remove(topic);
        discoveringTopics.remove(topic);
    }

    /**
     * Reads the route of {@code topic} from the name servers without caching it; completes with null when the name
     * servers answer TOPIC_NOT_EXIST.
     */
    public CompletableFuture<TopicRouteData> fetchRoute(String topic) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extFields(new GetRouteInfoRequestHeader(topic, null).toExtFields())
                .build();
        return invokeNameServer(request).thenApply(answer -> switch (answer.command().code()) {
            case ResponseCode.SUCCESS -> TopicRouteData.fromJson(answer.command().body());
            case ResponseCode.TOPIC_NOT_EXIST -> null;
            default -> throw Calls.refused(answer.command(), answer.address(), RequestCode.GET_ROUTEINFO_BY_TOPIC);
        });
    }

    /**
     * Reads the route of {@code topic}, caches it (or forgets the cached one when the topic no longer exists) and
     * heartbeats any broker it names for the first time; completes with the route or null.
     *
     * <p>When a watched topic has no route, it is looked up again soon, and again with a doubling delay (from
     * {@value #ROUTE_DISCOVERY_FIRST_DELAY_MS} ms up to {@value #ROUTE_DISCOVERY_MAX_DELAY_MS} ms, then every
     * {@value #ROUTE_DISCOVERY_MAX_DELAY_MS} ms) until its route appears or it is no longer watched, so that a
     * consumer subscribed before its topic was created, even long before, or a producer sending through the
     * auto-create template, learns the route within moments of its creation rather than at the next refresh. Route
     * listeners are told when the route of such a topic appears.
     */
    public CompletableFuture<TopicRouteData> updateRoute(String topic) {
        return fetchRoute(topic).thenApply(route -> {
            TopicRouteData previous = routes.route(topic);
            boolean appeared = false;
            if (route == null) {
                routes.remove(topic);
                if (refreshedTopics.contains(topic)) {
                    missingTopics.add(topic);
                    if (discoveringTopics.add(topic)) {
                        schedule("route discovery of " + topic,
                                () -> discoverRoute(topic, ROUTE_DISCOVERY_FIRST_DELAY), ROUTE_DISCOVERY_FIRST_DELAY);
                    }
                }
            } else {
                appeared = missingTopics.remove(topic);
                discoveringTopics.remove(topic);
                heartbeatNewBrokers(routes.put(topic, route));
            }
            if (appeared || previous != null && !previous.equals(route)) {
                routeListeners.forEach(listener -> listener.accept(topic));
            }
            return route;
        });
    }

    /**
     * Looks the route of {@code topic} up again now, outside the refresh timer: after a broker of the topic failed
     * (unreachable, silent) or refused a request because it is not its group's leader, the name servers may already
     * list the group's new leader. Concurrent calls for one topic share one lookup, so that every send, pull and
     * commit that failed at the same moment costs the name servers a single request.
     *
     * @return the route as {@link #updateRoute} completes with it; fails as the lookup does (the cached route is
     *         then unchanged)
     */
    public CompletableFuture<TopicRouteData> refreshRoute(String topic) {
        CompletableFuture<TopicRouteData> lookup = new CompletableFuture<>();
        CompletableFuture<TopicRouteData> running = routeRefreshes.putIfAbsent(topic, lookup);
        if (running != null) {
            return running;
        }
        CompletableFuture<TopicRouteData> update;
        try {
            update = updateRoute(topic);
        } catch (RuntimeException e) {
            update = CompletableFuture.failedFuture(e);
        }
        update.whenComplete((route, failure) -> {
            routeRefreshes.remove(topic, lookup);
            if (failure != null) {
                lookup.completeExceptionally(Calls.unwrap(failure));
            } else {
                lookup.complete(route);
            }
        });
        return lookup;
    }

    /**
     * One quick lookup of a missing topic; schedules the next one after twice {@code delay}, at most
     * {@link #ROUTE_DISCOVERY_MAX_DELAY}, while the topic is still watched and missing and that delay is below the
     * refresh interval. The topic stays marked as discovering when the chain ends (only where the refresh interval is
     * that short), so that the refresh timer's lookups of a topic that never appears do not start it again.
     */
    private void discoverRoute(String topic, Duration delay) {
        TopicRouteData route = null;
        if (missingTopics.contains(topic) && !closed.get()) {
            try {
                route = updateRoute(topic).join();
            } catch (RuntimeException e) {
                LOG.debug("Route lookup of missing topic {} failed: {}", topic, Calls.unwrap(e).toString());
            }
        }
        Duration doubled = delay.multipliedBy(2);
        Duration next = doubled.compareTo(ROUTE_DISCOVERY_MAX_DELAY) < 0 ? doubled : ROUTE_DISCOVERY_MAX_DELAY;
        if (route == null && missingTopics.contains(topic) && !closed.get()
                && next.compareTo(config.routeRefreshInterval()) < 0) {
            schedule("route discovery of " + topic, () -> discoverRoute(topic, next), next);
        }
    }

    /**
     * Tells {@code listener} the name of each topic whose cached route changed (a broker group joined or left, queue
     * counts changed, the topic disappeared); called on the thread that refreshed the route, so it must be quick.
     */
    public void addRouteListener(Consumer<String> listener) {
        routeListeners.add(listener);
    }

    public void removeRouteListener(Consumer<String> listener) {
        routeListeners.remove(listener);
    }

    /**
     * The queues a producer may send {@code topic} to: from the cache, else from the name servers, else from the
     * auto-create template {@code TBW102} (fact sheet 7.2). The topic is refreshed by the timer from now on.
     * Fails with {@link TopicNotFoundException} when neither the topic nor the template has a writable queue.
     */
    public CompletableFuture<TopicRoutes.PublishQueues> publishQueues(String topic) {
        watchTopic(topic);
        TopicRoutes.PublishQueues cached = routes.publishQueues(topic);
        if (cached != null && !cached.queues().isEmpty()) {
            return CompletableFuture.completedFuture(cached);
        }
        return updateRoute(topic).thenCompose(route -> {
            if (route != null) {
                return CompletableFuture.completedFuture(null);
            }
            return fetchRoute(TopicRoutes.TEMPLATE_TOPIC).thenAccept(template -> {
                if (template == null) {
                    throw new TopicNotFoundException(topic, "the name servers know neither it nor the auto-create"
                            + " template " + TopicRoutes.TEMPLATE_TOPIC);
                }
                heartbeatNewBrokers(routes.putFromTemplate(topic, template));
            });
        }).thenApply(ignored -> {
            TopicRoutes.PublishQueues publish = routes.publishQueues(topic);
            if (publish == null || publish.queues().isEmpty()) {
                throw new TopicNotFoundException(topic, "no writable queue on a broker with a master");
            }
            return publish;
        });
    }

    /** The master address of {@code brokerName}, refreshing the routes of watched topics once if it is unknown. */
    public String masterAddress(String brokerName) {
        String address = routes.masterAddress(brokerName);
        if (address == null) {
            refreshRoutes();
            address = routes.masterAddress(brokerName);
        }
        return address;
    }

    /**
     * From now on also heartbeats every master broker of the name servers' cluster view (GET_BROKER_CLUSTER_INFO),
     * refreshed with the routes. A transactional producer needs this: a broker can only send it check-backs about
     * halves its predecessor left behind once it knows the producer, and a freshly started producer has not used
     * any topic yet.
     */
    public void watchCluster() {
        watchingCluster = true;
        execute("cluster view", this::refreshCluster);
    }

    private void refreshCluster() {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build();
        ServerResponse answer = invokeNameServer(request).join();
        if (answer.command().code() != ResponseCode.SUCCESS) {
            throw Calls.refused(answer.command(), answer.address(), RequestCode.GET_BROKER_CLUSTER_INFO);
        }
        Set<String> added = new LinkedHashSet<>();
        Set<String> masters = new LinkedHashSet<>();
        for (BrokerData broker : ClusterInfo.fromJson(answer.command().body()).brokerAddrTable().values()) {
            String master = broker.masterAddress();
            if (master != null) {
                masters.add(master);
                if (clusterBrokers.add(master)) {
                    added.add(master);
                }
            }
        }
        clusterBrokers.retainAll(masters);
        heartbeatNewBrokers(added);
    }

    /** Every broker this client heartbeats: masters of the routes in use and, when watching, of the cluster. */
    private Set<String> knownBrokers() {
        Set<String> addresses = new LinkedHashSet<>(routes.masterAddresses().values());
        addresses.addAll(clusterBrokers);
        return addresses;
    }

    private void refreshRoutes() {
        if (watchingCluster) {
            try {
                refreshCluster();
            } catch (RuntimeException e) {
                LOG.debug("Cluster view refresh failed: {}", e.toString());
            }
        }
        Set<String> topics = new LinkedHashSet<>(refreshedTopics);
        List<CompletableFuture<TopicRouteData>> updates = new ArrayList<>();
        for (String topic : topics) {
            updates.add(updateRoute(topic).exceptionally(failure -> {
                LOG.debug("Route refresh of {} failed: {}", topic, failure.toString());
                return null;
            }));
        }
        CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new)).join();
        Set<String> forgotten = routes.forgetUnroutedBrokers();
        if (!forgotten.isEmpty()) {
            LOG.info("Brokers {} are no longer in any route of client {}; no longer heartbeated", forgotten,
                    clientId);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Heartbeats

    public void addHeartbeatSource(HeartbeatSource source) {
        heartbeatSources.add(source);
    }

    public void removeHeartbeatSource(HeartbeatSource source) {
        heartbeatSources.remove(source);
    }

    /** The heartbeat body describing every registered source. */
    public HeartbeatData heartbeatData() {
        Set<ProducerData> producers = new LinkedHashSet<>();
        Set<ConsumerData> consumers = new LinkedHashSet<>();
        for (HeartbeatSource source : heartbeatSources) {
            producers.addAll(source.producerData());
            consumers.addAll(source.consumerData());
        }
        if (!producers.isEmpty() || !consumers.isEmpty()) {
            producers.add(new ProducerData(INNER_PRODUCER_GROUP));
        }
        return new HeartbeatData(clientId, producers, consumers, 0, false);
    }

    /** Sends a heartbeat to every known broker and waits for the answers; failures are logged. */
    public void sendHeartbeats() {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (String address : knownBrokers()) {
            sent.add(sendHeartbeat(address));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    /** Asks for a heartbeat to every broker soon, at most once a second (after a broker lost track of us). */
    public void requestHeartbeat() {
        long now = System.nanoTime();
        long last = lastHeartbeatRequestNanos.get();
        if (now - last >= MIN_HEARTBEAT_GAP.toNanos() && lastHeartbeatRequestNanos.compareAndSet(last, now)) {
            execute("heartbeat", this::sendHeartbeats);
        }
    }

    /** Sends one heartbeat; completes (never exceptionally) when answered or failed. */
    public CompletableFuture<Void> sendHeartbeat(String address) {
        HeartbeatData data = heartbeatData();
        if (data.producerDataSet().isEmpty() && data.consumerDataSet().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT)
                .extFields(Map.of())
                .body(data.toJson())
                .build();
        return invoke(address, request).handle((response, failure) -> {
            if (failure != null) {
                LOG.debug("Heartbeat to {} failed: {}", address, failure.toString());
            } else if (response.code() != ResponseCode.SUCCESS) {
                LOG.warn("Heartbeat to {} refused: {}", address, Calls.refused(response, address,
                        RequestCode.HEART_BEAT).getMessage());
            }
            return null;
        });
    }

    private void heartbeatNewBrokers(Set<String> addresses) {
        for (String address : addresses) {
            sendHeartbeat(address);
        }
    }

    /**
     * Tells every known broker that this client left {@code producerGroup} or {@code consumerGroup} (one of them
     * may be null) and waits for the answers; failures are logged.
     */
    public void unregister(String producerGroup, String consumerGroup) {
        RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                .extFields(new UnregisterClientRequestHeader(clientId, producerGroup, consumerGroup).toExtFields())
                .build();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (String address : knownBrokers()) {
            sent.add(invoke(address, request).handle((response, failure) -> {
                if (failure != null || response.code() != ResponseCode.SUCCESS) {
                    LOG.debug("Unregistering {} from {} failed: {}", clientId, address,
                            failure != null ? failure.toString() : response);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Timers and workers

    /** Runs {@code task} on a worker thread; exceptions are logged. Ignored once closed. */
    public void execute(String name, Runnable task) {
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    if (!closed.get()) {
                        LOG.warn("{} of client {} failed", name, clientId, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{} not run: client {} is closed", name, clientId);
        }
    }

    /** Runs {@code task} on a worker thread after {@code delay}. Ignored once closed. */
    public void schedule(String name, Runnable task, Duration delay) {
        try {
            timer.schedule(() -> execute(name, task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{} not scheduled: client {} is closed", name, clientId);
        }
    }

    /**
     * Runs {@code task} on a worker thread after {@code initialDelay} and then {@code period} after each run ends,
     * until the returned handle is cancelled or the client is closed.
     */
    public Periodic schedulePeriodically(String name, Runnable task, Duration initialDelay, Duration period) {
        Periodic periodic = new Periodic(name, task, period);
        periodic.arm(initialDelay);
        return periodic;
    }

    /**
     * Sends the queued message trace records (waiting up to {@link MessageTracer#CLOSE_TIMEOUT}), stops the timers,
     * closes every connection (failing what is in flight) and waits for the worker threads.
     */
    @Override
    public void close() {
        if (tracer != null && !closed.get()) {
            tracer.close();
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        remoting.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Worker threads of client {} still busy 10 s after close", clientId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A repeating duty; {@link #cancel()} stops it (a run in progress completes). */
    public final class Periodic {

        private final String name;
        private final Runnable task;
        private final Duration period;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        private Periodic(String name, Runnable task, Duration period) {
            this.name = name;
            this.task = task;
            this.period = period;
        }

        private void arm(Duration delay) {
            if (cancelled) {
                return;
            }
            try {
                next = timer.schedule(() -> execute(name, this::runAndRearm), delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("{} stopped: client {} is closed", name, clientId);
            }
        }

        private void runAndRearm() {
            if (cancelled) {
                return;
            }
            try {
                task.run();
            } finally {
                arm(period);
            }
        }

        public void cancel() {
            cancelled = true;
            ScheduledFuture<?> scheduled = next;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
