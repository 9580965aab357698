package io.tandem.server.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The safe-default rule for listeners: one bound to anything but a loopback address must have authentication on,
 * unless {@link AuthConfig#allowInsecure()} says otherwise, in which case every start warns.
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
}
