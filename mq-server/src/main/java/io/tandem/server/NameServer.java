package io.tandem.server;

import io.tandem.protocol.RequestCode;
import io.tandem.server.auth.ListenerExposure;
import io.tandem.server.controller.Controller;
import io.tandem.server.controller.ControllerConfig;
import io.tandem.server.controller.ControllerProcessor;
import io.tandem.server.tls.ServerTls;
import io.tandem.server.tls.TlsMode;
import io.tandem.server.namesrv.BrokerExpiryDuty;
import io.tandem.server.namesrv.BrokerRegistry;
import io.tandem.server.namesrv.RegistrationProcessor;
import io.tandem.server.remoting.RemotingServer;
import io.tandem.server.remoting.RequestDispatcher;
import io.tandem.server.remoting.RequestProcessor;
import io.tandem.server.route.RouteProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running stand-alone name server: brokers register with it (REGISTER_BROKER, renewed periodically, UNREGISTER_BROKER
 * when they stop), it forgets brokers that fall silent, and it answers clients' route, cluster and topic-list
 * requests over every broker group registered. Its listener speaks TLS as {@link NameServerConfig#tls()} says, with
 * certificates reloaded as the broker's are ({@link ServerTls}). Start one with {@link #start(NameServerConfig)};
 * {@link #close()} stops it. Thread-safe.
 *
 * <p>With {@link NameServerConfig#controller()} it also runs a peer of the controller quorum ({@link Controller}):
 * started before the listener, checking the broker groups' leases every sixth of the lease, serving the controller
 * requests ({@link ControllerProcessor}), and stopped after the listener.
 *
 * <p>A {@link Broker} runs the same name server in its own process unless told not to
 * ({@link io.tandem.server.cluster.ClusterConfig#embeddedNameServer()}).
 */
public final class NameServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NameServer.class);

    /** Request codes a name server serves. */
    static final int[] ROUTE_CODES = {RequestCode.GET_ROUTEINFO_BY_TOPIC, RequestCode.GET_BROKER_CLUSTER_INFO,
            RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.DELETE_TOPIC_IN_NAMESRV,
            RequestCode.GET_TOPICS_BY_CLUSTER, RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
            RequestCode.GET_BROKER_MEMBER_GROUP};

    private final String address;
    private final BrokerRegistry registry;
    private final RemotingServer server;
    private final BrokerExpiryDuty expiry;
    private final Controller controller;
    private final ScheduledExecutorService leaseChecks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NameServer(String address, BrokerRegistry registry, RemotingServer server, BrokerExpiryDuty expiry,
                       Controller controller, ScheduledExecutorService leaseChecks) {
        this.address = address;
        this.registry = registry;
        this.server = server;
        this.expiry = expiry;
        this.controller = controller;
        this.leaseChecks = leaseChecks;
    }

    /**
     * Binds the listener and starts serving and expiring.
     *
     * @throws IOException           if the port (or the controller's) cannot be bound, or the controller's storage
     *                               cannot be used
     * @throws IllegalArgumentException naming the files if the TLS certificate, key or authorities are not usable
     * @throws IllegalStateException if it would listen beyond loopback without
     *                               {@link io.tandem.server.auth.AuthConfig#allowInsecure()}: it does not
     *                               authenticate requests
     */
    public static NameServer start(NameServerConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        ListenerExposure.checkNameServer(config.bindAddress(), config.auth());
        ServerTls tls = ServerTls.start(config.tls());
        if (tls.mode() != TlsMode.DISABLED) {
            LOG.info("TLS {} on the name-server listener, client certificates {}", tls.mode(),
                    config.tls().clientCertificates());
        }
        ControllerConfig controllerConfig = config.controller();
        Controller controller = null;
        ScheduledExecutorService leaseChecks = null;
        if (controllerConfig != null) {
            String self = controllerConfig.peers().get(controllerConfig.selfId());
            ListenerExposure.checkController(self.substring(0, self.lastIndexOf(':')), config.auth(),
                    controllerConfig.tls());
            controller = Controller.start(controllerConfig, config.tls());
            leaseChecks = Executors.newSingleThreadScheduledExecutor(runnable -> Thread.ofPlatform()
                    .name("tandem-controller-leases").daemon().unstarted(runnable));
            Controller peer = controller;
            long periodMs = Math.max(1, controllerConfig.leaseDuration().toMillis() / 6);
            leaseChecks.scheduleWithFixedDelay(() -> checkLeases(peer), periodMs, periodMs, TimeUnit.MILLISECONDS);
            // An election waiting for the in-sync members' reports proceeds as soon as the last one arrives.
            ScheduledExecutorService checks = leaseChecks;
            controller.onAwaitedReport(() -> {
                try {
                    checks.execute(() -> checkLeases(peer));
                } catch (RejectedExecutionException stopping) {
                    LOG.debug("lease checks stopped; an awaited report is not acted on");
                }
            });
        }
        BrokerRegistry registry = new BrokerRegistry(config.clock(), config.brokerExpiry());
        RequestDispatcher dispatcher = new RequestDispatcher();
        serve(registry, dispatcher, controller);
        RemotingServer server;
        try {
            server = RemotingServer.start("namesrv", config.bindAddress(), config.port(), 1, config.channelExpiry(),
                    dispatcher, RemotingServer.ConnectionListener.NONE, tls,
                    transport -> LOG.info("name server listener transport: {}", transport));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopController(controller, leaseChecks);
            throw new InterruptedIOException("interrupted while binding the name-server listener");
        } catch (RuntimeException e) {
            stopController(controller, leaseChecks);
            throw e;
        }
        BrokerExpiryDuty expiry = new BrokerExpiryDuty(registry, config.expiryScanInterval());
        expiry.start();
        dispatcher.open();
        String address = config.advertisedHost() + ":" + server.port();
        LOG.info("name server serving at {} (brokers expire after {} of silence)", address, config.brokerExpiry());
        return new NameServer(address, registry, server, expiry, controller, leaseChecks);
    }

    private static void checkLeases(Controller controller) {
        try {
            controller.checkLeases();
        } catch (RuntimeException e) {
            LOG.error("controller peer {} could not check the broker groups' leases", controller.peerId(), e);
        }
    }

    private static void stopController(Controller controller, ScheduledExecutorService leaseChecks) {
        if (leaseChecks != null) {
            leaseChecks.shutdownNow();
        }
        if (controller != null) {
            try {
                controller.close();
            } catch (IOException e) {
                LOG.warn("controller peer {} did not stop cleanly: {}", controller.peerId(), e.toString());
            }
        }
    }

    /**
     * Registers the name server's processors for {@code registry} on {@code dispatcher}, the controller requests
     * answered by {@code controller}, or refused when it is null.
     */
    static void serve(BrokerRegistry registry, RequestDispatcher dispatcher, Controller controller) {
        RequestProcessor controllerRequests = controller == null ? ControllerProcessor.disabled()
                : new ControllerProcessor(controller);
        for (int code : ControllerProcessor.CODES) {
            dispatcher.register(code, controllerRequests);
        }
        RouteProcessor routes = new RouteProcessor(registry);
        for (int code : ROUTE_CODES) {
            dispatcher.register(code, routes);
        }
        RegistrationProcessor registrations = new RegistrationProcessor(registry);
        dispatcher.register(RequestCode.REGISTER_BROKER, registrations);
        dispatcher.register(RequestCode.UNREGISTER_BROKER, registrations);
    }

    /** "host:port" brokers register with and clients are configured with. */
    public String address() {
        return address;
    }

    /** This name server's peer of the controller quorum, if it runs one. */
    public Optional<Controller> controller() {
        return Optional.ofNullable(controller);
    }

    /** What the name server knows now (for health checks and tests). */
    public BrokerRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        try {
            expiry.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopController(controller, leaseChecks);
        LOG.info("name server at {} stopped", address);
    }
}
