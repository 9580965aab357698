package io.tandem.coordinator.broker;

import io.tandem.client.auth.CredentialsProvider;
import io.tandem.client.remoting.ClientTls;
import io.tandem.client.remoting.RemotingClient;
import io.tandem.client.remoting.RemotingClientConfig;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ClusterInfo;
import io.tandem.protocol.route.BrokerData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The brokers found through name servers (GET_BROKER_CLUSTER_INFO), with the static ones configured beside them.
 * Every broker group is named by its broker name and resolved to its current leader (broker id 0), so its halves
 * keep their records when another member becomes the leader: they are checked and decided through whichever member
 * leads at the time, and the broker keeps the first decision of a half.
 *
 * <p>The view is read every {@code refresh} on a daemon thread, and at once (at most every {@value #MIN_GAP_MS} ms)
 * when a request to a group's leader failed. A group whose leader the name servers no longer list drops out of
 * {@link #addresses()} until one is listed again; a static broker that is also a group's leader is named once, by
 * its group.
 *
 * <p>Thread-safe. Failure modes: name servers that cannot be reached, or answer with an error, leave the last view
 * in place (logged once per outage); {@link #addressOf} of a group without a leader throws
 * {@link BrokerAdminException}.
 */
public final class NameServerBrokerDirectory implements BrokerDirectory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NameServerBrokerDirectory.class);
    /** The shortest time between two reads of the view triggered by failed requests. */
    static final long MIN_GAP_MS = 500;

    private final List<String> staticBrokers;
    private final List<String> nameServers;
    private final Duration timeout;
    private final Clock clock;
    private final RemotingClient client;
    private final ScheduledExecutorService refresher;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private volatile Map<String, String> leaders = Map.of();
    private volatile long lastRefreshMs;
    private volatile boolean unreachable;

    /**
     * Reads the view once (so the first round knows the groups, if a name server answers) and then every
     * {@code refresh}.
     *
     * @param staticBrokers "host:port" of brokers configured directly
     * @param nameServers   "host:port" of the name servers, tried in order until one answers
     * @param credentials   signs the requests (name servers embedded in a broker with authentication on need it),
     *                      or null
     * @param tls           TLS to the name servers, or null for plain TCP
     */
    public NameServerBrokerDirectory(List<String> staticBrokers, List<String> nameServers, Duration refresh,
                                     Duration timeout, CredentialsProvider credentials, ClientTls tls, Clock clock) {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("no name server to find broker groups with");
        }
        this.staticBrokers = List.copyOf(staticBrokers);
        this.nameServers = List.copyOf(nameServers);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = clock;
        this.client = new RemotingClient(RemotingClientConfig.builder().connectTimeout(timeout).tls(tls).build(),
                credentials);
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("tandem-coordinator-name-servers").daemon(true).factory());
        refresh();
        refresher.scheduleWithFixedDelay(this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<String> addresses() {
        Map<String, String> current = leaders;
        List<String> keys = new ArrayList<>();
        for (String broker : staticBrokers) {
            if (!current.containsValue(broker)) {
                keys.add(broker);
            }
        }
        keys.addAll(current.keySet());
        return keys;
    }

    @Override
    public String addressOf(String broker) {
        if (broker.indexOf(':') >= 0) {
            return broker;
        }
        String leader = leaders.get(broker);
        if (leader == null) {
            requestFailed(broker);
            throw new BrokerAdminException("broker group " + broker + " has no leader (broker id 0) in the view of "
                    + "name servers " + nameServers);
        }
        return leader;
    }

    @Override
    public void requestFailed(String broker) {
        if (refreshQueued.compareAndSet(false, true)) {
            long delay = Math.max(0, lastRefreshMs + MIN_GAP_MS - clock.millis());
            try {
                refresher.schedule(() -> {
                    refreshQueued.set(false);
                    refresh();
                }, delay, TimeUnit.MILLISECONDS);
            } catch (RuntimeException rejected) {
                refreshQueued.set(false);
            }
        }
    }

    /** The current leader of each broker group: broker name → "host:port". */
    public Map<String, String> leaders() {
        return leaders;
    }

    /** Reads the view from the first name server that answers; keeps the last one if none does. */
    synchronized void refresh() {
        lastRefreshMs = clock.millis();
        List<String> failures = new ArrayList<>();
        for (String nameServer : nameServers) {
            try {
                apply(read(nameServer).brokerAddrTable().values());
                if (unreachable) {
                    unreachable = false;
                    LOG.info("broker groups read from name server {} again", nameServer);
                }
                return;
            } catch (RuntimeException e) {
                failures.add(nameServer + ": " + e.getMessage());
            }
        }
        if (!unreachable) {
            unreachable = true;
            LOG.warn("no name server answered GET_BROKER_CLUSTER_INFO (retried every refresh, logged again when one "
                    + "does); keeping the last view of {} broker groups: {}", leaders.size(), failures);
        }
    }

    private ClusterInfo read(String nameServer) {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build();
        RemotingCommand response;
        try {
            response = client.invoke(nameServer, request, timeout)
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerAdminException("interrupted while asking " + nameServer + " for the broker groups", e);
        } catch (ExecutionException e) {
            throw new BrokerAdminException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerAdminException("no answer within " + timeout, e);
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw new BrokerAdminException("answered " + ResponseCode.describe(response.code()) + ": "
                    + response.remark());
        }
        try {
            return ClusterInfo.fromJson(response.body());
        } catch (ProtocolException e) {
            throw new BrokerAdminException("answered with " + e.getMessage(), e);
        }
    }

    private void apply(Collection<BrokerData> groups) {
        Map<String, String> next = new TreeMap<>();
        for (BrokerData group : groups) {
            String leader = group.masterAddress();
            if (leader != null) {
                next.put(group.brokerName(), leader);
            }
        }
        Map<String, String> previous = leaders;
        if (next.equals(previous)) {
            return;
        }
        Map<String, String> changes = new HashMap<>();
        next.forEach((group, leader) -> {
            if (!leader.equals(previous.get(group))) {
                changes.put(group, leader);
            }
        });
        previous.keySet().stream().filter(group -> !next.containsKey(group))
                .forEach(group -> changes.put(group, "none"));
        leaders = Map.copyOf(next);
        LOG.info("broker group leaders changed: {}", changes);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        client.close();
    }
}
