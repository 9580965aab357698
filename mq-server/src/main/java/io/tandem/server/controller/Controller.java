package io.tandem.server.controller;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import io.tandem.server.tls.TlsConfig;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One peer of the controller quorum: a Ratis server whose replicated state is every broker group's members, leader,
 * epoch and in-sync set ({@link GroupState}), and a client that submits {@link ControllerCommand}s to the quorum
 * from this peer. Consensus, its log and its elections are Ratis's; this class decides nothing about Raft.
 *
 * <p>Leases. Broker group members report to every peer ({@link #heartbeat}); the reports are kept in memory on each
 * peer and not replicated. Only the peer that leads the quorum renews a group leader's lease (the answer to its
 * report says so) and only it elects. {@link #checkLeases()}: a group whose leader has not reported for the lease
 * duration (by the injected clock) gets a new leader at the next epoch, the in-sync member with the furthest log
 * among those that reported after the lease lapsed. The election waits for a report from every in-sync member from
 * after the lapse, however long that takes: a send is acknowledged once {@code min-in-sync} members hold it, so a
 * silent in-sync member may be the only replica holding the last acknowledged messages. Until then the group keeps
 * its lapsed (fenced) leader, unless an operator submits an unclean election. A peer that has just become the
 * quorum's leader elects nobody for one lease, since its predecessor may have renewed leases it does not know of.
 *
 * <p>Failure modes: commands fail (exceptionally completed futures) while the quorum has no majority; a refused
 * command completes normally with a refused {@link Outcome}. Thread-safe.
 */
public final class Controller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    /** One quorum per cluster: every peer derives the same group id. */
    private static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(
            UUID.nameUUIDFromBytes("tandem-controller".getBytes(StandardCharsets.UTF_8)));

    private record Report(long atMs, long epoch, long maxOffset) {
    }

    private final ControllerConfig config;
    private final RaftServer server;
    private final RaftClient client;
    private final ControllerStateMachine machine;
    private final Map<String, Map<Long, Report>> reports = new ConcurrentHashMap<>();
    /** Guards lease renewals against elections: a lease lapsed and handed to an election is not renewed. */
    private final Object leases = new Object();
    /** Group to the epoch whose leader an election submitted from this peer replaces. */
    private final Map<String, Long> electing = new ConcurrentHashMap<>();
    private volatile long leadingSinceMs = -1;
    /** Group@epoch whose lapsed leader waits for in-sync members' reports, to log the wait once. */
    private final Map<String, Long> waitingSince = new ConcurrentHashMap<>();
    private volatile Runnable awaitedReport = () -> { };

    private Controller(ControllerConfig config, RaftServer server, RaftClient client, ControllerStateMachine machine) {
        this.config = config;
        this.server = server;
        this.client = client;
        this.machine = machine;
    }

    /**
     * Starts this peer: recovers its log and snapshot from the storage directory and joins the quorum.
     *
     * @throws IOException if the storage cannot be used or the port cannot be bound
     */
    public static Controller start(ControllerConfig config) throws IOException {
        return start(config, null);
    }

    /**
     * Starts this peer: recovers its log and snapshot from the storage directory and joins the quorum, over mutual
     * TLS with {@code tls}'s certificate chain, private key and trusted authorities when {@link ControllerConfig#tls()}
     * is on (Ratis reads the files once: a renewed certificate takes a restart of the peer).
     *
     * @throws IOException              if the storage cannot be used or the port cannot be bound
     * @throws IllegalArgumentException if TLS is on and {@code tls} lacks a certificate chain, key or trusted
     *                                  authorities
     */
    public static Controller start(ControllerConfig config, TlsConfig tls) throws IOException {
        Parameters parameters = new Parameters();
        if (config.tls()) {
            if (tls == null || tls.certificateChain() == null || tls.privateKey() == null
                    || tls.trustedCertificates() == null) {
                throw new IllegalArgumentException("controller peer " + config.selfId() + ": TLS between the peers"
                        + " needs a certificate chain, a private key and trusted authorities (tandem.broker.tls.*)");
            }
            GrpcConfigKeys.TLS.setConf(parameters, new GrpcTlsConfig(tls.privateKey().toFile(),
                    tls.certificateChain().toFile(), tls.trustedCertificates().toFile(), true));
        }
        List<RaftPeer> peers = new ArrayList<>();
        config.peers().forEach((id, address) -> peers.add(RaftPeer.newBuilder().setId(id).setAddress(address)
                .build()));
        RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers);
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(properties, List.of(config.storageDirectory().toFile()));
        String self = config.peers().get(config.selfId());
        // Ratis binds where this peer's address says, not on every interface.
        GrpcConfigKeys.Server.setHost(properties, self.substring(0, self.lastIndexOf(':')));
        GrpcConfigKeys.Server.setPort(properties, Integer.parseInt(self.substring(self.lastIndexOf(':') + 1)));
        long timeoutMs = config.electionTimeout().toMillis();
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(timeoutMs, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, TimeDuration.valueOf(2 * timeoutMs,
                TimeUnit.MILLISECONDS));
        ControllerStateMachine machine = new ControllerStateMachine();
        RaftServer server = RaftServer.newBuilder()
                .setGroup(group)
                .setProperties(properties)
                .setServerId(RaftPeerId.valueOf(config.selfId()))
                .setStateMachine(machine)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .setParameters(parameters)
                .build();
        server.start();
        RaftClient client = RaftClient.newBuilder().setProperties(properties).setRaftGroup(group)
                .setParameters(parameters).build();
        LOG.info("controller peer {} started at {} in quorum {} ({})", config.selfId(), self, config.peers(),
                config.tls() ? "mutual TLS" : "plain gRPC");
        return new Controller(config, server, client, machine);
    }

    /** Replicates {@code command} through the quorum and completes with its outcome once applied. */
    public CompletableFuture<Outcome> submit(ControllerCommand command) {
        Message message = Message.valueOf(ByteString.copyFrom(ControllerStateMachine.encode(command)));
        return client.async().send(message).thenApply(reply -> outcomeOf(reply, command));
    }

    private static Outcome outcomeOf(RaftClientReply reply, ControllerCommand command) {
        if (!reply.isSuccess()) {
            throw new CompletionException(new IOException("controller command " + command.kind() + " of "
                    + command.group() + " failed", reply.getException()));
        }
        return ControllerStateMachine.decodeOutcome(reply.getMessage().getContent().toByteArray());
    }

    /** The group as this peer has applied the log so far; empty when it has never seen it. */
    public Optional<GroupState> group(String brokerName) {
        return machine.group(brokerName);
    }

    /** Whether this peer currently leads the quorum. */
    public boolean isLeader() {
        try {
            return server.getDivision(GROUP_ID).getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    /** The lease a group leader must renew (stated in every answer: leaders fence themselves by it). */
    public Duration leaseDuration() {
        return config.leaseDuration();
    }

    public String peerId() {
        return config.selfId();
    }

    /**
     * A member of {@code group} reports that it is alive, the epoch it knows and the end of its log.
     *
     * @return whether this report renews the member's lease as the group's leader: this peer leads the quorum, the
     *         member leads the group as this peer has applied it, and its lease has neither lapsed nor been handed to
     *         an election. A member leads only while reports renew its lease.
     */
    public boolean heartbeat(String group, long memberId, long epoch, long maxOffset) {
        boolean renewed = renew(group, memberId, epoch, maxOffset);
        Optional<GroupState> state = machine.group(group);
        if (state.isPresent() && waitingSince.containsKey(group + '@' + state.get().epoch())) {
            awaitedReport.run();
        }
        return renewed;
    }

    /**
     * Runs {@code recheck} whenever a report arrives for a group whose election waits for the in-sync members'
     * reports after the lapse ({@link #checkLeases}), so that the election need not wait for the next periodic
     * check. It must be quick and must not block (the name server hands it to its lease-check thread).
     */
    public void onAwaitedReport(Runnable recheck) {
        this.awaitedReport = recheck;
    }

    private boolean renew(String group, long memberId, long epoch, long maxOffset) {
        synchronized (leases) {
            Map<Long, Report> members = reports.computeIfAbsent(group, name -> new ConcurrentHashMap<>());
            long now = config.clock().millis();
            Report previous = members.put(memberId, new Report(now, epoch, maxOffset));
            Optional<GroupState> state = machine.group(group);
            if (state.isEmpty() || state.get().leader() == null || state.get().leader() != memberId) {
                return false;
            }
            Long pending = electing.get(group);
            boolean lapsed = previous != null && now - previous.atMs() > config.leaseDuration().toMillis();
            if (pending != null && pending == state.get().epoch() || lapsed && candidate(state.get(), members,
                    previous.atMs() + config.leaseDuration().toMillis(), now).isPresent()) {
                // A lapsed lease that another member can take over stays lapsed: the leader is being replaced.
                if (previous == null) {
                    members.remove(memberId);
                } else {
                    members.put(memberId, previous);
                }
                return false;
            }
            return leadsQuorum() && state.get().epoch() == epoch;
        }
    }

    /** Registers {@code memberId} of {@code group} at {@code address}, unless this peer has it there already. */
    public CompletableFuture<GroupState> join(String group, long memberId, String address) {
        Optional<GroupState> known = machine.group(group);
        if (known.isPresent() && address.equals(known.get().members().get(memberId))) {
            return CompletableFuture.completedFuture(known.get());
        }
        return submit(ControllerCommand.join(group, memberId, address)).thenApply(Outcome::group);
    }

    /** Whether this peer leads the quorum and has applied its log: its answers are the quorum's latest. */
    public boolean leadsQuorum() {
        try {
            return server.getDivision(GROUP_ID).getInfo().isLeaderReady();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * On the quorum's leader, replaces every group leader whose lease lapsed (see the class comment); elsewhere does
     * nothing.
     *
     * @return the elections submitted, completing with their outcomes
     */
    public List<CompletableFuture<Outcome>> checkLeases() {
        if (!leadsQuorum()) {
            leadingSinceMs = -1;
            return List.of();
        }
        long now = config.clock().millis();
        long leaseMs = config.leaseDuration().toMillis();
        if (leadingSinceMs < 0) {
            leadingSinceMs = now;
        }
        // A quorum leader that has just taken over waits one lease: its predecessor may still have renewed leases.
        boolean grace = now - leadingSinceMs <= leaseMs;
        List<CompletableFuture<Outcome>> elections = new ArrayList<>();
        synchronized (leases) {
            for (GroupState group : machine.groups()) {
                if (group.leader() == null) {
                    continue;
                }
                Map<Long, Report> members = reports.computeIfAbsent(group.brokerName(),
                        name -> new ConcurrentHashMap<>());
                Report leader = members.putIfAbsent(group.leader(), new Report(now, group.epoch(), -1));
                if (grace || leader == null || now - leader.atMs() <= leaseMs) {
                    continue;
                }
                Long pending = electing.get(group.brokerName());
                if (pending != null && pending == group.epoch()) {
                    continue;
                }
                long lapsedAt = leader.atMs() + leaseMs;
                Set<Long> others = new TreeSet<>(group.inSync());
                others.remove(group.leader());
                boolean everyoneReported = others.stream().allMatch(member -> members.containsKey(member)
                        && members.get(member).atMs() > lapsedAt);
                if (!everyoneReported) {
                    // Wait for the reports that show what each in-sync member holds now, not before the lapse: a send
                    // is acknowledged once min-in-sync members hold it, so a silent in-sync member may be the only
                    // replica with the last acknowledged messages. Without it, only an operator may elect (unclean).
                    if (waitingSince.putIfAbsent(group.brokerName() + '@' + group.epoch(), now) == null) {
                        LOG.warn("leader {} of {} lost its lease at epoch {}: waiting for a report from every in-sync"
                                + " member {} before electing", group.leader(), group.brokerName(), group.epoch(),
                                others);
                    }
                    continue;
                }
                Optional<Long> candidate = candidate(group, members, lapsedAt, now);
                if (candidate.isEmpty()) {
                    LOG.warn("leader {} of {} lost its lease at epoch {} and no in-sync member {} has reported since"
                            + " to replace it", group.leader(), group.brokerName(), group.epoch(), group.inSync());
                    continue;
                }
                LOG.warn("leader {} of {} lost its lease at epoch {}: electing in-sync member {} (log end {})",
                        group.leader(), group.brokerName(), group.epoch(), candidate.get(),
                        members.get(candidate.get()).maxOffset());
                electing.put(group.brokerName(), group.epoch());
                waitingSince.remove(group.brokerName() + '@' + group.epoch());
                CompletableFuture<Outcome> election = submit(ControllerCommand.elect(group.brokerName(),
                        candidate.get(), group.epoch(), false));
                // Applied, refused or failed: either the epoch moved on or the next check tries again.
                election.whenComplete((outcome, failure) -> electing.remove(group.brokerName(), group.epoch()));
                elections.add(election);
            }
        }
        return elections;
    }

    /**
     * The in-sync member other than the leader with the furthest log among those that reported after
     * {@code lapsedAt} (ties to the lowest id): a report from before the lapse may predate messages the leader
     * acknowledged later.
     */
    private static Optional<Long> candidate(GroupState group, Map<Long, Report> members, long lapsedAt, long now) {
        return group.inSync().stream()
                .filter(member -> !member.equals(group.leader()))
                .filter(member -> members.containsKey(member) && members.get(member).atMs() > lapsedAt
                        && members.get(member).atMs() <= now)
                .max(Comparator.<Long>comparingLong(member -> members.get(member).maxOffset())
                        .thenComparing(Comparator.<Long>reverseOrder()));
    }

    /** Leaves the quorum (the others carry on while they are a majority) and releases the port and files. */
    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
            LOG.info("controller peer {} stopped", config.selfId());
        }
    }
}
