package io.tandem.server.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The safe-default rule for listeners: one bound to anything but a loopback address must have authentication on,
 * unless {@link AuthConfig#allowInsecure()} says otherwise, in which case every start warns. The stand-alone name
 * server, which does not authenticate, needs {@link AuthConfig#allowInsecure()} beyond loopback in any case; so do
 * a leader's replication listener and a controller peer unless they run over mutual TLS.
 */
public final class ListenerExposure {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerExposure.class);

    private ListenerExposure() {
    }

    /**
     * @throws IllegalStateException if {@code bindAddress} is not loopback, authentication is off and insecure
     *                               listeners are not allowed
     * @throws UnknownHostException  if the bind address does not resolve
     */
    public static void check(String listeners, String bindAddress, AuthConfig auth) throws UnknownHostException {
        if (auth.authentication() || InetAddress.getByName(bindAddress).isLoopbackAddress()) {
            return;
        }
        if (!auth.allowInsecure()) {
            throw new IllegalStateException("refusing to start: the " + listeners + " would listen on " + bindAddress
                    + " with authentication off, so anyone reaching it could produce, consume and administer. "
                    + "Switch authentication on (tandem.broker.auth.authentication-enabled=true with an initial "
                    + "user), bind to 127.0.0.1, or accept the risk with tandem.broker.auth.allow-insecure=true");
        }
        LOG.warn("INSECURE: the {} listen on {} with authentication off (tandem.broker.auth.allow-insecure=true): "
                + "anyone who reaches them can produce, consume, delete topics and resolve transactions",
                listeners, bindAddress);
    }

    /**
     * The rule for the stand-alone name server, which does not authenticate requests whatever {@code auth} says:
     * beyond loopback it starts only with {@link AuthConfig#allowInsecure()}, and then warns at every start.
     *
     * @throws IllegalStateException if {@code bindAddress} is not loopback and insecure listeners are not allowed
     * @throws UnknownHostException  if the bind address does not resolve
     */
    public static void checkNameServer(String bindAddress, AuthConfig auth) throws UnknownHostException {
        if (InetAddress.getByName(bindAddress).isLoopbackAddress() && auth.authentication()) {
            LOG.warn("the stand-alone name server does not authenticate requests; "
                    + "tandem.broker.auth.authentication-enabled applies to brokers only");
        }
        requireLoopbackOrInsecure(bindAddress, auth, "refusing to start: the stand-alone name server would listen on "
                + bindAddress + ", and it does not authenticate requests (whatever "
                + "tandem.broker.auth.authentication-enabled says), so anyone reaching it could register brokers "
                + "and change or read routes. Bind it to 127.0.0.1, or to an address only brokers and clients "
                + "can reach and accept the risk with tandem.broker.auth.allow-insecure=true",
                "INSECURE: the stand-alone name server listens on {} without authentication "
                + "(tandem.broker.auth.allow-insecure=true): anyone who reaches it can register brokers and read or "
                + "change routes");
    }

    /**
     * The rule for a leader's replication listener, which streams the whole commit log and the metadata (users'
     * secret keys included) to the replicas that connect: with mutual TLS on ({@code tls}) it may bind anywhere,
     * since only replicas with a certificate the trusted authorities signed are served; without, it does not
     * authenticate replicas and beyond loopback starts only with {@link AuthConfig#allowInsecure()}, and then warns
     * at every start.
     *
     * @throws IllegalStateException if {@code bindAddress} is not loopback, TLS is off and insecure listeners are not
     *                               allowed
     * @throws UnknownHostException  if the bind address does not resolve
     */
    public static void checkReplication(String bindAddress, AuthConfig auth, boolean tls)
            throws UnknownHostException {
        if (tls) {
            return;
        }
        requireLoopbackOrInsecure(bindAddress, auth, "refusing to start: the replication listener would listen on "
                + bindAddress + " in plain TCP, and then it does not authenticate replicas (whatever "
                + "tandem.broker.auth.authentication-enabled says), so anyone reaching it could read every stored "
                + "message and the users' secret keys. Switch on mutual TLS for it "
                + "(tandem.broker.replication.tls.enabled=true with tandem.broker.tls.certificate-chain, private-key "
                + "and trusted-certificates on every member), bind the broker to 127.0.0.1, or bind it to an address "
                + "only the group's members can reach (a private network) and accept the risk with "
                + "tandem.broker.auth.allow-insecure=true",
                "INSECURE: the replication listener listens on {} in plain TCP without authenticating replicas "
                + "(tandem.broker.auth.allow-insecure=true): anyone who reaches it can read every stored message");
    }

    /**
     * The rule for a controller peer's endpoint (Ratis): with mutual TLS between the peers ({@code tls}) it may bind
     * anywhere; without, it does not authenticate the other peers nor what they replicate, and beyond loopback starts
     * only with {@link AuthConfig#allowInsecure()}, and then warns at every start.
     *
     * @throws IllegalStateException if {@code host} is not loopback, TLS is off and insecure listeners are not allowed
     * @throws UnknownHostException  if the host does not resolve
     */
    public static void checkController(String host, AuthConfig auth, boolean tls) throws UnknownHostException {
        if (tls) {
            return;
        }
        requireLoopbackOrInsecure(host, auth, "refusing to start: the controller peer would listen on " + host
                + " (tandem.controller.peers) in plain gRPC, and then it does not authenticate the other peers, so"
                + " anyone reaching it could elect broker group leaders. Switch on mutual TLS between the peers"
                + " (tandem.controller.tls.enabled=true with tandem.broker.tls.certificate-chain, private-key and"
                + " trusted-certificates), use 127.0.0.1 addresses, or use addresses only the name servers can reach"
                + " (a private network) and accept the risk with tandem.broker.auth.allow-insecure=true",
                "INSECURE: the controller peer listens on {} in plain gRPC without authenticating its peers"
                + " (tandem.broker.auth.allow-insecure=true): anyone who reaches it can elect broker group leaders");
    }

    /**
     * For a listener that does not authenticate: passes on loopback; elsewhere refuses with {@code refusal} unless
     * insecure listeners are allowed, and then logs {@code warning} (its {@code {}} is the bind address).
     */
    private static void requireLoopbackOrInsecure(String bindAddress, AuthConfig auth, String refusal,
                                                  String warning) throws UnknownHostException {
        if (InetAddress.getByName(bindAddress).isLoopbackAddress()) {
            return;
        }
        if (!auth.allowInsecure()) {
            throw new IllegalStateException(refusal);
        }
        LOG.warn(warning, bindAddress);
    }
}
