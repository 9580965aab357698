package io.tandem.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.message.UniqueKeyGenerator;
import io.tandem.server.admin.AdminProcessor;
import io.tandem.server.auth.Acls;
import io.tandem.server.auth.AuthAdminProcessor;
import io.tandem.server.auth.AuthConfig;
import io.tandem.server.audit.AdminRequestAudit;
import io.tandem.server.audit.AuditFile;
import io.tandem.server.auth.AuthGuard;
import io.tandem.server.auth.Authenticator;
import io.tandem.server.auth.Authorizer;
import io.tandem.server.auth.FailureThrottle;
import io.tandem.server.auth.ListenerExposure;
import io.tandem.server.auth.Users;
import io.tandem.server.admin.BrokerInfoProcessor;
import io.tandem.server.admin.BrokerRuntimeInfo;
import io.tandem.server.admin.BrokerSettings;
import io.tandem.server.admin.ClientsProcessor;
import io.tandem.server.admin.ConsumeProgress;
import io.tandem.server.admin.ConsumptionProcessor;
import io.tandem.server.admin.OffsetResetProcessor;
import io.tandem.server.admin.TrafficStats;
import io.tandem.server.cluster.ClusterConfig;
import io.tandem.server.cluster.NameServerRegistrar;
import io.tandem.server.config.BrokerConfig;
import io.tandem.server.consume.ClientConfigCheckProcessor;
import io.tandem.server.consume.ClientRegistry;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.consume.HeartbeatProcessor;
import io.tandem.server.consume.LockProcessor;
import io.tandem.server.consume.OffsetProcessor;
import io.tandem.server.consume.PullHoldService;
import io.tandem.server.consume.ReplicatedArrivals;
import io.tandem.server.consume.PullProcessor;
import io.tandem.server.consume.QueueLocks;
import io.tandem.server.consume.SendBackProcessor;
import io.tandem.server.delay.DelayDeliveryDuty;
import io.tandem.server.delay.DelayPlan;
import io.tandem.server.delay.DelayRules;
import io.tandem.server.message.BrokerIdentity;
import io.tandem.server.message.WireRecordWriter;
import io.tandem.server.metadata.Groups;
import io.tandem.server.metadata.TopicConfig;
import io.tandem.server.metadata.TopicNames;
import io.tandem.server.metadata.TopicResolver;
import io.tandem.server.metadata.Topics;
import io.tandem.server.metrics.BrokerMetrics;
import io.tandem.server.namesrv.BrokerExpiryDuty;
import io.tandem.server.namesrv.BrokerRegistry;
import io.tandem.server.message.MessageWriter;
import io.tandem.server.produce.SendProcessor;
import io.tandem.server.query.QueryProcessor;
import io.tandem.server.remoting.RemotingServer;
import io.tandem.server.remoting.RefusingProcessor;
import io.tandem.server.replication.InSyncReplicas;
import io.tandem.server.replication.NotReplicatedException;
import io.tandem.server.replication.ReplicaClient;
import io.tandem.server.replication.Replication;
import io.tandem.server.replication.ReplicationConfig;
import io.tandem.server.replication.EpochHistory;
import io.tandem.server.replication.ReplicationFence;
import io.tandem.server.replication.ReplicationGate;
import io.tandem.server.replication.ReplicationServer;
import io.tandem.server.replication.ReplicatedState;
import io.tandem.server.tls.PeerTls;
import io.tandem.server.tls.ReplicationTls;
import io.tandem.server.tls.ServerTls;
import io.tandem.server.tls.TlsMode;
import io.tandem.server.remoting.RequestDispatcher;
import io.tandem.server.remoting.RequestAudit;
import io.tandem.server.remoting.RequestGuard;
import io.tandem.server.route.KvConfigProcessor;
import io.tandem.server.route.KvConfigs;
import io.tandem.server.trace.BrokerTraceRecorder;
import io.tandem.server.trace.CheckBackTracer;
import io.tandem.server.txn.CheckBackDuty;
import io.tandem.server.txn.EndTransactionProcessor;
import io.tandem.server.txn.TransactionAdminProcessor;
import io.tandem.server.txn.TransactionService;
import io.tandem.server.txn.TransactionTable;
import io.tandem.store.MessageStore;
import io.tandem.store.engine.CommitLogMessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The composition root: builds every collaborator of a {@link Broker} from its {@link BrokerConfig}, wires request
 * codes to processors, and lists what must be closed, in order. It does nothing else.
 */
final class BrokerAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAssembly.class);
    private static final Duration CLIENT_EXPIRY_SCAN = Duration.ofSeconds(10);
    /** The size the admin audit file is rotated at, and how many rotated files are kept. */
    private static final long AUDIT_FILE_MAX_BYTES = 64L * 1024 * 1024;
    private static final int AUDIT_FILES_KEPT = 10;

    private BrokerAssembly() {
    }

    static Broker assemble(BrokerConfig config, MeterRegistry registry, ReplicationFence fence, EpochHistory history)
            throws IOException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return assemble(config, registry, fence, history, opened);
        } catch (IOException | RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static Broker assemble(BrokerConfig config, MeterRegistry registry, ReplicationFence fence,
                                   EpochHistory history, List<AutoCloseable> opened) throws IOException {
        BrokerMetrics metrics = new BrokerMetrics(registry);
        MessageStore store = CommitLogMessageStore.open(config.storeConfig());
        opened.add(store);
        Topics topics = new Topics(config.metadataDirectory());
        Groups groups = new Groups(config.metadataDirectory());
        ConsumerOffsets offsets = new ConsumerOffsets(config.metadataDirectory());
        opened.add(offsets::flush);
        DelayPlan delayPlan = new DelayPlan(config.delayLevels());
        DelayRules delayRules = new DelayRules(delayPlan, config.maxTimerDelay());
        topics.ensureSystemTopic(TopicNames.SCHEDULE_TOPIC, delayPlan.queueCount(), TopicConfig.DEFAULT_PERM);
        TopicResolver resolver = new TopicResolver(topics, groups, config.autoCreateTopics(), config.autoCreateGroups(),
                config.defaultTopicQueueNums(), config.defaultRetryMaxTimes());

        ListenerExposure.check("broker and name-server listeners", config.bindAddress(), config.auth());
        Users users = new Users(config.metadataDirectory());
        Acls acls = new Acls(config.metadataDirectory());
        RequestGuard guard = authGuard(config, users, acls, metrics);
        AuditFile auditFile = new AuditFile(config.dataDirectory().resolve(AuditFile.DIRECTORY_NAME),
                AUDIT_FILE_MAX_BYTES, AUDIT_FILES_KEPT);
        opened.add(auditFile);
        RequestAudit audit = new AdminRequestAudit(auditFile, config.clock());
        RequestDispatcher brokerDispatcher = new RequestDispatcher(guard, audit);
        RequestDispatcher nameServerDispatcher = new RequestDispatcher(guard, audit);
        ClientRegistry clients = new ClientRegistry(config.clock(), config.channelExpiry());
        ServerTls tls = ServerTls.start(config.tls());
        PeerTls peerTls = PeerTls.start(config.tls());
        if (tls.mode() != TlsMode.DISABLED) {
            LOG.info("TLS {} on both listeners, client certificates {}", tls.mode(), config.tls().clientCertificates());
        }
        ClusterConfig cluster = config.cluster();
        RemotingServer brokerServer;
        RemotingServer nameServer = null;
        try {
            brokerServer = RemotingServer.start("broker", config.bindAddress(), config.brokerPort(),
                    Math.max(2, Runtime.getRuntime().availableProcessors()), config.channelExpiry(), brokerDispatcher,
                    clients, tls, transport -> LOG.info("broker listener transport: {}", transport));
            opened.add(brokerServer);
            if (cluster.embeddedNameServer()) {
                nameServer = RemotingServer.start("namesrv", config.bindAddress(), config.nameServerPort(), 1,
                        config.channelExpiry(), nameServerDispatcher, RemotingServer.ConnectionListener.NONE,
                        tls, transport -> { });
                opened.add(nameServer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while binding listeners");
        }
        // Stop serving before anything behind the listeners closes.
        List<AutoCloseable> closeInOrder = new ArrayList<>();
        if (nameServer != null) {
            closeInOrder.add(nameServer);
        }
        closeInOrder.add(brokerServer);

        BrokerIdentity identity = new BrokerIdentity(config.clusterName(), config.brokerName(),
                new InetSocketAddress(InetAddress.getByName(config.advertisedHost()), brokerServer.port()));
        WireRecordWriter wireWriter = new WireRecordWriter(identity.address());
        ReplicationConfig replicationConfig = config.replication();
        boolean replica = replicationConfig.replica();
        MessageWriter writer = new MessageWriter(store, metrics);
        QueueLocks locks = new QueueLocks(config.clock(), config.orderlyLockLease(), config.metadataDirectory());
        PullHoldService holds = new PullHoldService();
        closeInOrder.add(holds);
        DelayDeliveryDuty delay = new DelayDeliveryDuty(store, writer, delayPlan, config.clock(),
                config.metadataDirectory());
        if (!replica) {
            // A replica's log is its leader's copy: nothing but the replication stream appends to it.
            store.addArrivalListener(delay);
        }
        closeInOrder.add(delay);
        ExecutorService blockingWork = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tandem-broker-work-", 0).factory());
        closeInOrder.add(blockingWork::close);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable ->
                Thread.ofPlatform().name("tandem-broker-housekeeping").daemon().unstarted(runnable));
        // Let a flush in progress finish (interrupting it would fail the write, then the final flush redoes it).
        closeInOrder.add(() -> {
            housekeeping.shutdown();
            housekeeping.awaitTermination(5, TimeUnit.SECONDS);
        });
        closeInOrder.add(offsets::flush);
        closeInOrder.add(store);
        closeInOrder.add(auditFile);

        UniqueKeyGenerator uniqueKeys = new UniqueKeyGenerator(identity.address().getAddress(),
                ProcessHandle.current().pid(), System.identityHashCode(store), config.clock());
        TransactionTable transactionTable = new TransactionTable(config.metadataDirectory());
        TransactionService transactions = new TransactionService(store, writer, transactionTable, delayRules, clients,
                wireWriter, identity, config.clock(), config.checkBack().timeout());
        if (!replica) {
            // A replica's log is its leader's copy: completing an interrupted commit would append to it.
            transactions.recover();
        }
        // Decisions append to the log, which only the group's leader may do: a replica or a fenced leader refuses
        // them (the producer's check-back answer then reaches the leader that has the half).
        String notLeading = "broker " + identity.brokerName() + " at " + identity.addressText() + " is member "
                + replicationConfig.brokerId() + " of its group, not its leader; decide transactions on the leader"
                + " (broker id 0)";
        Supplier<String> decisionRefusal = () -> {
            String fenced = fence.fenced();
            return fenced != null ? fenced : replica ? notLeading : null;
        };
        brokerDispatcher.register(RequestCode.END_TRANSACTION,
                new RefusingProcessor(new EndTransactionProcessor(transactions), decisionRefusal));
        TransactionAdminProcessor transactionAdmin = new TransactionAdminProcessor(transactions, config.clock());
        for (int code : new int[]{RequestCode.TANDEM_LIST_HALVES, RequestCode.TANDEM_CHECK_HALF,
                RequestCode.TANDEM_HALF_DECISIONS}) {
            brokerDispatcher.register(code, transactionAdmin, blockingWork);
        }
        for (int code : new int[]{RequestCode.TANDEM_RESOLVE_HALF, RequestCode.TANDEM_PARK_HALF}) {
            brokerDispatcher.register(code, new RefusingProcessor(transactionAdmin, decisionRefusal), blockingWork);
        }
        if (config.builtInCheckBack() && !replica) {
            CheckBackDuty checkBack = new CheckBackDuty(transactions, config.checkBack(), config.clock());
            closeInOrder.add(closeInOrder.indexOf(holds), checkBack);
            checkBack.start();
        }
        closeInOrder.add(closeInOrder.indexOf(store), transactionTable::persist);
        metrics.gauge("tandem.transactions.undecided", "half messages not yet committed or rolled back",
                transactionTable::undecidedCount);
        metrics.gauge("tandem.transactions.parked", "undecided half messages no longer checked (end-of-checks policy PARK)",
                transactionTable::parkedCount);

        ScheduledExecutorService replicationTimer = Executors.newSingleThreadScheduledExecutor(runnable ->
                Thread.ofPlatform().name("tandem-replication-timer").daemon().unstarted(runnable));
        closeInOrder.add(closeInOrder.indexOf(store), replicationTimer::shutdownNow);
        ReplicatedState replicated = new ReplicatedState(topics, groups, offsets, users, acls, locks, delay,
                transactionTable,
                replica ? () -> store.status().durablePosition() : () -> store.status().writePosition());
        InSyncReplicas inSync = null;
        ReplicationServer replicationServer = null;
        ReplicaClient replicaClient = null;
        ReplicationGate gate = ReplicationGate.NONE;
        ReplicationTls replicationTls = replicationConfig.tls() ? ReplicationTls.start(config.tls()) : null;
        if (replica) {
            String refusal = replicationConfig.awaitingLeader()
                    ? "broker " + identity.brokerName() + " at " + identity.addressText() + " is member "
                    + replicationConfig.brokerId() + " of its group, waiting for the controller to name its leader;"
                    + " it takes no sends"
                    : "broker " + identity.brokerName() + " at " + identity.addressText() + " is replica "
                    + replicationConfig.brokerId() + " of its group and takes no sends; send to the leader (broker id 0)";
            gate = new ReplicationGate() {
                @Override
                public String refusal() {
                    String fenced = fence.fenced();
                    return fenced != null ? fenced : refusal;
                }

                @Override
                public CompletableFuture<Void> replicated(long end) {
                    return CompletableFuture.failedFuture(new NotReplicatedException(refusal()));
                }
            };
            if (!replicationConfig.awaitingLeader()) {
                replicaClient = new ReplicaClient(identity.brokerName(), replicationConfig, store,
                        replicated::apply, replicationTls);
                opened.add(replicaClient);
                closeInOrder.add(closeInOrder.indexOf(store), replicaClient);
            }
        } else if (replicationConfig.listens()) {
            inSync = new InSyncReplicas(replicationConfig, store::replicablePosition, replicationTimer);
            ListenerExposure.checkReplication(config.bindAddress(), config.auth(), replicationTls != null);
            try {
                replicationServer = ReplicationServer.start(identity.brokerName(), config.bindAddress(),
                        replicationConfig, store, inSync, replicated::snapshot, history, replicationTls);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while binding the replication listener");
            }
            opened.add(replicationServer);
            closeInOrder.add(closeInOrder.indexOf(store), replicationServer);
            ReplicationServer server = replicationServer;
            InSyncReplicas replicas = inSync;
            store.addArrivalListener((topic, queueId, queueOffset, tagHash) -> server.logAdvanced());
            // What an operator or a client created must not wait for the next periodic snapshot to reach replicas.
            topics.addChangeListener(server::metadataChanged);
            groups.addChangeListener(server::metadataChanged);
            users.addChangeListener(server::metadataChanged);
            acls.addChangeListener(server::metadataChanged);
            // Lags grow while replicas are silent: re-judge the in-sync set now and then, not only on acknowledgements.
            long heartbeatMs = replicationConfig.heartbeatInterval().toMillis();
            replicationTimer.scheduleWithFixedDelay(() -> run("in-sync check", replicas::reevaluate), heartbeatMs,
                    heartbeatMs, TimeUnit.MILLISECONDS);
            gate = fence == ReplicationFence.NONE ? inSync : fence.guard(inSync);
            metrics.gauge("tandem.replication.in.sync", "members of the broker group in sync, the leader counted",
                    replicas::inSyncCount);
        }
        if (!replica && !replicationConfig.listens() && fence != ReplicationFence.NONE) {
            gate = fence.guard(gate);
        }
        Replication replication = new Replication(replicationConfig, replicationServer, inSync, replicaClient,
                store::replicablePosition);

        SendProcessor send = new SendProcessor(identity, resolver, writer, delayRules, transactions, locks::holdsLocks,
                uniqueKeys, metrics, config.clock(), config.maxMessageSize(), gate);
        brokerDispatcher.register(RequestCode.SEND_MESSAGE, send);
        brokerDispatcher.register(RequestCode.SEND_MESSAGE_V2, send);
        brokerDispatcher.register(RequestCode.SEND_BATCH_MESSAGE, send);

        // Consumers of a sync leader read only what enough in-sync members hold: a failover may cut the rest, and a
        // new leader would give its queue offsets to other messages, which a consumer that had read past them skips.
        LongSupplier readableEnd = () -> Long.MAX_VALUE;
        if (inSync != null && inSync.readableEnd() != Long.MAX_VALUE) {
            InSyncReplicas replicas = inSync;
            ReplicatedArrivals arrivals = new ReplicatedArrivals(holds, store::replicablePosition,
                    replicas.readableEnd());
            replicas.onReadableAdvance(arrivals::advance);
            store.addArrivalListener(arrivals);
            readableEnd = replicas::readableEnd;
        } else {
            store.addArrivalListener(holds);
        }
        PullProcessor pull = new PullProcessor(topics, resolver, clients, offsets, store, holds, wireWriter, metrics,
                config.longPolling(), config.maxLongPollingTime().toMillis(), config.propertyFilter(),
                config.maxPullMessages(), config.maxPullBytes(), readableEnd);
        brokerDispatcher.register(RequestCode.PULL_MESSAGE, pull);
        brokerDispatcher.register(RequestCode.LITE_PULL_MESSAGE, pull);

        Set<String> laggingPairs = ConcurrentHashMap.newKeySet();
        HeartbeatProcessor heartbeat = new HeartbeatProcessor(clients, resolver, (group, topic) -> {
            if (laggingPairs.add(group + '\u0000' + topic)) {
                metrics.lagGauge(group, topic, () -> lag(store, topics, offsets, group, topic));
            }
        });
        brokerDispatcher.register(RequestCode.HEART_BEAT, heartbeat, blockingWork);
        brokerDispatcher.register(RequestCode.UNREGISTER_CLIENT, heartbeat);
        brokerDispatcher.register(RequestCode.GET_CONSUMER_LIST_BY_GROUP, heartbeat);

        OffsetProcessor offsetProcessor = new OffsetProcessor(topics, resolver, offsets, store);
        for (int code : new int[]{RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.UPDATE_CONSUMER_OFFSET,
                RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP}) {
            brokerDispatcher.register(code, offsetProcessor);
        }
        brokerDispatcher.register(RequestCode.GET_EARLIEST_MSG_STORETIME, offsetProcessor, blockingWork);

        brokerDispatcher.register(RequestCode.CHECK_CLIENT_CONFIG,
                new ClientConfigCheckProcessor(config.propertyFilter()));

        LockProcessor lock = new LockProcessor(locks);
        brokerDispatcher.register(RequestCode.LOCK_BATCH_MQ, lock);
        brokerDispatcher.register(RequestCode.UNLOCK_BATCH_MQ, lock);

        brokerDispatcher.register(RequestCode.CONSUMER_SEND_MSG_BACK,
                new SendBackProcessor(store, resolver, writer, delayPlan, identity), blockingWork);
        QueryProcessor query = new QueryProcessor(store, wireWriter);
        brokerDispatcher.register(RequestCode.VIEW_MESSAGE_BY_ID, query, blockingWork);
        brokerDispatcher.register(RequestCode.QUERY_MESSAGE, query, blockingWork);

        String nameServerAddress = nameServer != null
                ? identity.address().getAddress().getHostAddress() + ":" + nameServer.port()
                : String.join(";", cluster.nameServers());
        String traceTopic = config.trace().topic();
        topics.getOrCreate(traceTopic, name -> TopicConfig.of(name, 1));
        BrokerTraceRecorder trace = new BrokerTraceRecorder(store, writer, identity, groups, config.trace(),
                config.clock());
        if (!replica) {
            store.addArrivalListener(trace);
            brokerServer.observeRequests(new CheckBackTracer(trace, clients, identity.brokerName(), config.clock()));
            closeInOrder.add(closeInOrder.indexOf(store), trace);
            trace.start();
        }
        TrafficStats traffic = new TrafficStats(metrics.registry(), config.clock(), ZoneId.systemDefault());
        ConsumeProgress progress = new ConsumeProgress(topics, offsets, clients, store, identity, traffic);
        AdminProcessor admin = new AdminProcessor(topics, groups, offsets, clients, store, identity,
                config.adminTopicQueueNums(), config.defaultRetryMaxTimes(), config.clock(), progress);
        for (int code : new int[]{RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.DELETE_TOPIC_IN_BROKER,
                RequestCode.GET_ALL_TOPIC_CONFIG, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, RequestCode.DELETE_SUBSCRIPTIONGROUP,
                RequestCode.GET_TOPIC_STATS_INFO, RequestCode.GET_CONSUMER_CONNECTION_LIST,
                RequestCode.GET_CONSUME_STATS, RequestCode.GET_TOPIC_CONFIG,
                RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG}) {
            brokerDispatcher.register(code, admin, blockingWork);
        }
        ConsumptionProcessor consumption = new ConsumptionProcessor(topics, groups, offsets, clients, identity,
                progress);
        for (int code : new int[]{RequestCode.GET_BROKER_CONSUME_STATS, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO,
                RequestCode.QUERY_TOPICS_BY_CONSUMER}) {
            brokerDispatcher.register(code, consumption, blockingWork);
        }
        ClientsProcessor clientCalls = new ClientsProcessor(clients, store, wireWriter, identity);
        for (int code : new int[]{RequestCode.GET_PRODUCER_CONNECTION_LIST, RequestCode.GET_CONSUMER_RUNNING_INFO,
                RequestCode.CONSUME_MESSAGE_DIRECTLY}) {
            brokerDispatcher.register(code, clientCalls, blockingWork);
        }
        brokerDispatcher.register(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
                new OffsetResetProcessor(topics, groups, offsets, clients, store, identity), blockingWork);
        BrokerInfoProcessor brokerInfo = new BrokerInfoProcessor(
                new BrokerRuntimeInfo(store, traffic, clients, config.dataDirectory(), config.durability().name(),
                        config.clock()),
                new BrokerSettings(config, identity, nameServerAddress, resolver, trace));
        for (int code : new int[]{RequestCode.GET_BROKER_RUNTIME_INFO, RequestCode.GET_BROKER_CONFIG,
                RequestCode.UPDATE_BROKER_CONFIG}) {
            brokerDispatcher.register(code, brokerInfo, blockingWork);
        }

        BrokerRegistry brokerRegistry = null;
        if (nameServer != null) {
            brokerRegistry = new BrokerRegistry(config.clock(), cluster.brokerExpiry());
            NameServer.serve(brokerRegistry, nameServerDispatcher, null);
            BrokerExpiryDuty expiry = new BrokerExpiryDuty(brokerRegistry, cluster.expiryScanInterval());
            opened.add(expiry);
            closeInOrder.add(closeInOrder.indexOf(brokerServer), expiry);
            expiry.start();
        }
        // A member waiting for the controller to name its group's leader stays out of the routes. A route to its
        // group with replicas and no leader gives a RocketMQ producer that creates a topic by sending to it (through
        // the default topic's route) publish information without one writable queue, and the producer keeps it: its
        // sends to that topic fail with "No route info" even once the leader is registered.
        NameServerRegistrar registrar = null;
        if (!replicationConfig.awaitingLeader()) {
            registrar = new NameServerRegistrar(identity, topics, () -> store.status().writePosition(),
                    config.clock(), cluster, brokerRegistry, replicationConfig.brokerId(), replicationServer != null
                            ? identity.address().getAddress().getHostAddress() + ":" + replicationServer.port()
                            : identity.addressText(), peerTls);
            opened.add(registrar);
            // Leave the routes first, so that clients stop sending here before the listeners close.
            closeInOrder.addFirst(registrar);
        }

        AuthAdminProcessor authAdmin = new AuthAdminProcessor(users, acls);
        for (int code : new int[]{RequestCode.AUTH_CREATE_USER, RequestCode.AUTH_UPDATE_USER,
                RequestCode.AUTH_DELETE_USER, RequestCode.AUTH_GET_USER, RequestCode.AUTH_LIST_USER,
                RequestCode.AUTH_CREATE_ACL, RequestCode.AUTH_UPDATE_ACL, RequestCode.AUTH_DELETE_ACL,
                RequestCode.AUTH_GET_ACL, RequestCode.AUTH_LIST_ACL}) {
            brokerDispatcher.register(code, authAdmin, blockingWork);
        }

        KvConfigProcessor kvConfig = new KvConfigProcessor(new KvConfigs(config.metadataDirectory()));
        for (int code : new int[]{RequestCode.PUT_KV_CONFIG, RequestCode.GET_KV_CONFIG, RequestCode.DELETE_KV_CONFIG,
                RequestCode.GET_KVLIST_BY_NAMESPACE}) {
            nameServerDispatcher.register(code, kvConfig, blockingWork);
        }

        metrics.storeDisk(store::diskStatus);
        metrics.gauge("tandem.pulls.parked", "long-polling pulls waiting for messages", holds::parkedCount);
        metrics.gauge("tandem.connections", "open client connections to the broker", clients::connectionCount);

        long flushMs = config.metadataFlushInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(() -> run("offset flush", offsets::flush), flushMs, flushMs,
                TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(() -> run("transaction progress", transactionTable::persist), flushMs,
                flushMs, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(() -> run("client expiry", clients::expireSilentClients),
                CLIENT_EXPIRY_SCAN.toMillis(), CLIENT_EXPIRY_SCAN.toMillis(), TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(() -> run("traffic sample", traffic::sample), 1, 1, TimeUnit.SECONDS);
        if (!replica) {
            delay.start();
        }
        if (replicaClient != null) {
            replicaClient.start();
        }
        brokerDispatcher.open();
        if (registrar != null) {
            registrar.start();
        }
        nameServerDispatcher.open();

        LOG.info("broker {} of cluster {} serving at {} (name server {}), data in {}", identity.brokerName(),
                identity.clusterName(), identity.addressText(), nameServerAddress, config.dataDirectory());
        return new Broker(nameServerAddress, identity.addressText(), registry, closeInOrder, replication);
    }

    private static RequestGuard authGuard(BrokerConfig config, Users users, Acls acls, BrokerMetrics metrics) {
        AuthConfig auth = config.auth();
        if (auth.initialUser() != null && users.createIfAbsent(auth.initialUser().toUser())) {
            LOG.info("created the initial super user {}", auth.initialUser().username());
        }
        if (!auth.authentication()) {
            return RequestGuard.NONE;
        }
        if (users.list(null).isEmpty()) {
            LOG.warn("authentication is on but no user exists: every request will be refused; configure "
                    + "tandem.broker.auth.initial-user.username and .secret");
        }
        LOG.info("authentication on, authorization {}", auth.authorization() ? "on" : "off");
        return new AuthGuard(auth, new Authenticator(users), new Authorizer(acls, config.clusterName()),
                new FailureThrottle(config.clock(), auth.failureDelay(), auth.maxFailureDelay()), metrics);
    }

    private static long lag(MessageStore store, Topics topics, ConsumerOffsets offsets, String group, String topic) {
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return 0;
        }
        long lag = 0;
        for (int queueId = 0; queueId < config.queueNums(); queueId++) {
            long max = store.maxOffset(topic, queueId);
            long committed = offsets.committed(group, topic, queueId).orElse(max);
            lag += Math.max(0, max - committed);
        }
        return lag;
    }

    private static void run(String duty, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed; will retry", duty, e);
        }
    }
}
