package io.tandem.server.auth;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.server.metrics.BrokerMetrics;
import io.tandem.server.remoting.ClientConnection;
import io.tandem.server.remoting.RequestGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The broker's and name server's {@link RequestGuard}: authenticates every request when authentication is on,
 * authorizes it when authorization is on. Refusals are answered NO_PERMISSION (16) with RocketMQ's remarks and
 * counted in {@code tandem.auth.failures} by reason; repeated authentication failures from one source are answered
 * later and later ({@link FailureThrottle}). A malformed body that the decision needs is answered INVALID_PARAMETER
 * naming it. Never logs a secret or a signature; failures are logged at DEBUG only (they are counted instead), so
 * a flood of bad requests cannot flood the log.
 */
public final class AuthGuard implements RequestGuard {

    private static final Logger LOG = LoggerFactory.getLogger(AuthGuard.class);

    private static final InetAddress UNKNOWN_SOURCE = unknownSource();

    private final AuthConfig config;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final FailureThrottle throttle;
    private final BrokerMetrics metrics;

    public AuthGuard(AuthConfig config, Authenticator authenticator, Authorizer authorizer, FailureThrottle throttle,
                     BrokerMetrics metrics) {
        this.config = config;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.throttle = throttle;
        this.metrics = metrics;
    }

    @Override
    public Refusal check(ClientConnection connection, RemotingCommand request) {
        if (!config.authentication()) {
            return null;
        }
        InetAddress source = sourceOf(connection);
        Authenticator.Outcome outcome = authenticator.authenticate(request);
        if (!outcome.isAuthenticated()) {
            metrics.authFailure(outcome.failure().tag());
            Duration delay = throttle.failed(source);
            LOG.debug("{} from {} refused ({}), answered after {}", RequestCode.describe(request.code()), connection,
                    outcome.failure().tag(), delay);
            return new Refusal(ResponseCode.NO_PERMISSION, outcome.remark(), delay.toNanos());
        }
        if (!config.authorization()) {
            return null;
        }
        String refusal;
        try {
            refusal = authorizer.refusal(outcome.user(), request, source);
        } catch (ProtocolException | IllegalArgumentException e) {
            return new Refusal(ResponseCode.INVALID_PARAMETER, e.getMessage(), 0);
        }
        if (refusal == null) {
            return null;
        }
        metrics.authFailure(AuthFailure.DENIED.tag());
        LOG.debug("{} from {} denied: {}", RequestCode.describe(request.code()), connection, refusal);
        return new Refusal(ResponseCode.NO_PERMISSION, refusal, 0);
    }

    private static InetAddress unknownSource() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The client's address; 0.0.0.0 (in no range but 0.0.0.0/0) when the connection has none any more. */
    private static InetAddress sourceOf(ClientConnection connection) {
        InetSocketAddress address = connection.remoteSocketAddress();
        return address == null || address.getAddress() == null ? UNKNOWN_SOURCE : address.getAddress();
    }
}
