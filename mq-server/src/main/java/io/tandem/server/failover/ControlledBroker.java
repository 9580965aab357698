package io.tandem.server.failover;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.controller.AlterInSyncRequestHeader;
import io.tandem.protocol.controller.ControllerGroupResponseHeader;
import io.tandem.protocol.controller.ControllerHeartbeatRequestHeader;
import io.tandem.server.Broker;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.remoting.PeerClient;
import io.tandem.server.replication.EpochHistory;
import io.tandem.server.replication.LeaderEpochs;
import io.tandem.server.replication.Replication;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.ReplicationFence;
import io.tandem.server.replication.ReplicationMode;
import io.tandem.server.tls.PeerTls;
import io.tandem.server.tls.ReplicationTls;
import io.tandem.store.MessageStore;
import io.tandem.store.engine.CommitLogMessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A member of a broker group whose leader the controller chooses ({@code tandem.broker.replication.controlled}):
 * reports to every configured name server every sixth of the lease ({@code TANDEM_CONTROLLER_HEARTBEAT}) and acts on
 * the answer with the highest epoch ({@link MemberRole}). Leading, it takes sends, registers as broker id 0, streams
 * its log to the others and reports its in-sync set ({@code TANDEM_CONTROLLER_ALTER_IN_SYNC}, see
 * {@link InSyncReport}); following, it refuses sends naming the leader, registers under its member id and copies the
 * leader's log. Before the controller names a leader it takes no sends and copies nothing.
 *
 * <p>Epoch history. Taking over as leader at epoch E, a member records (E, its log end) in its
 * {@link EpochHistory} before it acknowledges anything. Before it copies from a new leader, a member asks the leader
 * for its history (EPOCHS, over the replication listener), cuts its own log back to where the leader's log ends for
 * the member's last epoch (Kafka's OffsetsForLeaderEpoch) when it went further, and takes over the leader's later
 * epochs.
 *
 * <p>Switching roles closes the running {@link Broker} and starts a new one on the same data directory and ports
 * with the new {@link ReplicationConfig}; sends are refused (SERVICE_NOT_AVAILABLE, which the RocketMQ client retries
 * on another broker) or unanswered while it switches. A leader acknowledges only while its lease is renewed (see
 * {@link MemberRole} for the fencing rules).
 *
 * <p>Failure modes: a name server that does not answer or runs no controller is logged and asked again at the next
 * heartbeat; a broker that cannot start in its new role is logged and started again at the next answer. Thread-safe.
 */
public final class ControlledBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlledBroker.class);

    /** Where a started broker stands. */
    private record Running(Broker broker, boolean leader, Assignment assignment) {
    }

    private final BrokerConfig config;
    private final MeterRegistry registry;
    private final long memberId;
    private final List<String> nameServers;
    private final Duration lease;
    private final MemberRole role;
    private final PeerClient client;
    private final ScheduledExecutorService heartbeats;
    private final ExecutorService switches;
    private final EpochHistory history;
    private final AtomicBoolean altering = new AtomicBoolean();
    private final AtomicBoolean reconciling = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReplicationTls replicationTls;
    private volatile Running running;
    private volatile long lastLogEnd;

    private ControlledBroker(BrokerConfig config, MeterRegistry registry, Duration lease) {
        this.config = config;
        this.registry = registry;
        this.memberId = config.replication().brokerId();
        this.nameServers = List.copyOf(config.cluster().nameServers());
        this.lease = lease;
        this.role = new MemberRole(config.brokerName(), memberId, lease, config.clock());
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDirectory(), e);
        }
        this.history = EpochHistory.open(config.dataDirectory());
        this.client = new PeerClient("controller", lease, PeerTls.start(config.tls()));
        this.replicationTls = config.replication().tls() ? ReplicationTls.start(config.tls()) : null;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> Thread.ofPlatform()
                .name("tandem-controller-heartbeat").daemon().unstarted(runnable));
        this.switches = Executors.newSingleThreadExecutor(runnable -> Thread.ofPlatform()
                .name("tandem-role-switch").daemon().unstarted(runnable));
    }

    /**
     * Starts the member waiting for its leader and starts reporting to the name servers.
     *
     * @param lease the controller's lease ({@code tandem.controller.lease} of the name servers)
     * @throws IOException              if the broker cannot start
     * @throws IllegalArgumentException naming the setting when the configuration does not fit controlled mode
     */
    public static ControlledBroker start(BrokerConfig config, MeterRegistry registry, Duration lease)
            throws IOException {
        Objects.requireNonNull(config, "config");
        ReplicationConfig replication = config.replication();
        if (!replication.controlled() || replication.brokerId() < 1) {
            throw new IllegalArgumentException("a controlled member needs tandem.broker.replication.controlled=true"
                    + " and tandem.broker.replication.member-id of 1 or more, was " + replication.brokerId());
        }
        if (replication.port() <= 0 || config.brokerPort() == 0) {
            throw new IllegalArgumentException("a controlled member keeps its ports across role switches: set"
                    + " tandem.broker.port and tandem.broker.replication.port (not 0)");
        }
        if (config.cluster().nameServers().isEmpty()) {
            throw new IllegalArgumentException("a controlled member reports to the controller in the name servers:"
                    + " set tandem.broker.name-servers");
        }
        ControlledBroker member = new ControlledBroker(config, registry, lease);
        try {
            member.startAs(false, null);
        } catch (IOException | RuntimeException e) {
            member.close();
            throw e;
        }
        long periodMs = Math.max(1, lease.toMillis() / 6);
        member.heartbeats.scheduleWithFixedDelay(member::heartbeat, 0, periodMs, TimeUnit.MILLISECONDS);
        return member;
    }

    /** The broker running now, empty while it switches roles or after close. */
    public Optional<Broker> broker() {
        Running current = running;
        return current == null ? Optional.empty() : Optional.of(current.broker());
    }

    /** Whether this member leads its group now (and its lease allows it to acknowledge). */
    public boolean leading() {
        Running current = running;
        return current != null && current.leader() && role.leaderFenced(current.assignment().epoch()) == null;
    }

    /** The member's view of its group's leadership. */
    public MemberRole role() {
        return role;
    }

    private String brokerAddress() {
        return config.advertisedHost() + ":" + config.brokerPort();
    }

    private String replicationAddress() {
        return config.advertisedHost() + ":" + config.replication().port();
    }

    private void heartbeat() {
        if (closed.get()) {
            return;
        }
        Running current = running;
        if (current != null) {
            try {
                lastLogEnd = current.broker().replication().logEnd();
            } catch (RuntimeException e) {
                LOG.debug("log end of {} not readable while it switches: {}", config.brokerName(), e.toString());
            }
        }
        ControllerHeartbeatRequestHeader header = new ControllerHeartbeatRequestHeader(config.brokerName(), memberId,
                brokerAddress(), replicationAddress(), role.knownEpoch(), lastLogEnd);
        for (String nameServer : nameServers) {
            long sentAt = config.clock().millis();
            RemotingCommand request = RemotingCommand.request(RequestCode.TANDEM_CONTROLLER_HEARTBEAT)
                    .extFields(header.toExtFields()).build();
            client.invoke(nameServer, request, lease).whenComplete((response, failure) -> {
                if (failure != null) {
                    LOG.debug("controller at {} did not answer member {} of {}: {}", nameServer, memberId,
                            config.brokerName(), failure.toString());
                } else if (response.code() != ResponseCode.SUCCESS) {
                    LOG.debug("controller at {} refused the heartbeat of member {} of {}: {} {}", nameServer,
                            memberId, config.brokerName(), ResponseCode.describe(response.code()), response.remark());
                } else {
                    answered(ControllerGroupResponseHeader.from(RequestCode.TANDEM_CONTROLLER_HEARTBEAT, response),
                            sentAt);
                }
            });
        }
    }

    private void answered(ControllerGroupResponseHeader answer, long sentAt) {
        boolean changed = role.answered(answer, sentAt);
        if (changed) {
            LOG.info("member {} of {}: the controller names member {} leader at epoch {}", memberId,
                    config.brokerName(), answer.leaderId(), answer.epoch());
        }
        Running current = running;
        if (changed || current == null) {
            // Also after a switch that failed: try again.
            if (reconciling.compareAndSet(false, true)) {
                switches.execute(() -> {
                    reconciling.set(false);
                    reconcile();
                });
            }
            return;
        }
        if (current != null && current.leader()) {
            reportInSync(current);
        }
    }

    /** Starts the broker in the role the controller last named, unless it already runs in it. */
    private void reconcile() {
        if (closed.get()) {
            return;
        }
        Optional<Assignment> assignment = role.assignment();
        if (assignment.isEmpty()) {
            return;
        }
        Assignment target = assignment.get();
        boolean lead = target.leaderId() == memberId;
        Running current = running;
        if (current != null && current.leader() == lead && (lead ? current.assignment().epoch() == target.epoch()
                : target.sameLeadership(current.assignment()))) {
            return;
        }
        try {
            startAs(lead, target);
        } catch (ConnectException e) {
            // The new leader has not opened its replication listener yet (it is switching too): expected, brief.
            LOG.warn("member {} of {} cannot reach leader {} at {} yet ({}); trying again at the next answer",
                    memberId, config.brokerName(), target.leaderId(), target.leaderReplicationAddress(),
                    e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("member {} of {} could not start as {}; trying again at the next answer", memberId,
                    config.brokerName(), lead ? "leader" : "replica of member " + target.leaderId(), e);
        }
    }

    private synchronized void startAs(boolean lead, Assignment target) throws IOException {
        Running previous = running;
        running = null;
        if (previous != null) {
            previous.broker().close();
        }
        if (closed.get()) {
            return;
        }
        if (target != null && !lead) {
            truncateToLeader(target);
        }
        AtomicBoolean recorded = new AtomicBoolean(!lead);
        ReplicationConfig.Builder replication = config.replication().toBuilder().controlled(true);
        ReplicationFence fence;
        if (target == null) {
            replication.replica(memberId, null);
            fence = ReplicationFence.NONE;
        } else if (lead) {
            replication.leader(config.replication().port()).epoch(target.epoch());
            long epoch = target.epoch();
            fence = () -> recorded.get() ? role.leaderFenced(epoch) : "member " + memberId + " of "
                    + config.brokerName() + " is taking over as leader at epoch " + epoch;
        } else {
            replication.replica(memberId, target.leaderReplicationAddress()).epoch(target.epoch());
            fence = role::followerRefusal;
        }
        Broker broker = Broker.start(config.toBuilder().replication(replication.build()).build(), registry, fence,
                history);
        if (lead && history.lastEpoch() < target.epoch()) {
            history.append(target.epoch(), broker.replication().logEnd());
        }
        recorded.set(true);
        running = new Running(broker, lead, target);
        if (target != null) {
            LOG.info("member {} of {} serves as {} at epoch {}", memberId, config.brokerName(),
                    lead ? "leader" : "replica of member " + target.leaderId() + " at "
                            + target.leaderReplicationAddress(), target.epoch());
        }
        if (lead) {
            broker.replication().eligible(others(target.inSync()));
        }
    }

    /**
     * Before copying from a new leader: cuts this member's (closed) log where it stops agreeing with the leader's,
     * found from the two epoch histories, and takes over the leader's later epochs into its own history.
     */
    private void truncateToLeader(Assignment target) throws IOException {
        // The end of the log as it is on disk now: a leader's replicable end (what it had streamed) can be short of
        // what it wrote before it closed, and those bytes diverge as well.
        long ownEnd;
        try (MessageStore store = CommitLogMessageStore.open(config.storeConfig())) {
            ownEnd = store.status().writePosition();
        }
        LeaderEpochs leader = LeaderEpochs.ask(target.leaderReplicationAddress(), role.knownEpoch(),
                history.lastEpoch(), lease, replicationTls);
        long cut = leader.divergence(history, ownEnd);
        if (cut < ownEnd) {
            LOG.warn("member {} of {}: its log diverged from leader {}'s at position {} (its last epoch {}): cutting"
                    + " the {} bytes after it", memberId, config.brokerName(), target.leaderId(), cut,
                    history.lastEpoch(), ownEnd - cut);
            CommitLogMessageStore.truncate(config.storeConfig(), cut);
            history.truncateTo(cut);
        }
        for (EpochHistory.Entry entry : leader.entries()) {
            if (entry.epoch() > history.lastEpoch()) {
                history.append(entry.epoch(), Math.max(entry.startOffset(),
                        history.last().map(EpochHistory.Entry::startOffset).orElse(0L)));
            }
        }
    }

    private Set<Long> others(Set<Long> inSync) {
        Set<Long> replicas = new HashSet<>(inSync);
        replicas.remove(memberId);
        return replicas;
    }

    /** On the leader: counts only accepted members, and asks the controller to change the set when it should. */
    private void reportInSync(Running current) {
        Optional<Assignment> assignment = role.assignment();
        if (assignment.isEmpty() || assignment.get().epoch() != current.assignment().epoch()
                || assignment.get().leaderId() != memberId) {
            return;
        }
        Set<Long> accepted = assignment.get().inSync();
        Replication replication = current.broker().replication();
        replication.eligible(others(accepted));
        ReplicationConfig settings = replication.config();
        int minInSync = settings.mode() == ReplicationMode.SYNC ? settings.minInSync() : 1;
        Set<Long> next = InSyncReport.next(memberId, accepted, replication.replicas(), replication.acknowledgedEnd(),
                minInSync);
        if (next.equals(accepted) || !altering.compareAndSet(false, true)) {
            return;
        }
        long epoch = assignment.get().epoch();
        AlterInSyncRequestHeader header = new AlterInSyncRequestHeader(config.brokerName(), memberId, epoch, next);
        RemotingCommand request = RemotingCommand.request(RequestCode.TANDEM_CONTROLLER_ALTER_IN_SYNC)
                .extFields(header.toExtFields()).build();
        long sentAt = config.clock().millis();
        LOG.info("leader {} of {} at epoch {} reports in-sync set {} (was {})", memberId, config.brokerName(), epoch,
                next, accepted);
        alterVia(0, request, sentAt);
    }

    private void alterVia(int index, RemotingCommand request, long sentAt) {
        if (index >= nameServers.size()) {
            altering.set(false);
            return;
        }
        String nameServer = nameServers.get(index);
        client.invoke(nameServer, request, lease).whenComplete((response, failure) -> {
            if (failure == null && response.code() == ResponseCode.SUCCESS) {
                role.answered(ControllerGroupResponseHeader.from(RequestCode.TANDEM_CONTROLLER_ALTER_IN_SYNC,
                        response), sentAt, true);
                altering.set(false);
            } else {
                LOG.warn("controller at {} did not change the in-sync set of {}: {}", nameServer, config.brokerName(),
                        failure != null ? failure.toString() : ResponseCode.describe(response.code()) + " "
                                + response.remark());
                alterVia(index + 1, request, sentAt);
            }
        });
    }

    /** Stops reporting and closes the broker (which leaves the routes). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeats.shutdownNow();
        switches.shutdown();
        try {
            switches.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            Running current = running;
            running = null;
            if (current != null) {
                current.broker().close();
            }
        }
        client.close();
    }
}
