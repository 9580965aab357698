package io.tandem.spring.transaction;

import io.tandem.protocol.txn.CheckRequestSignature;
import io.tandem.protocol.txn.CheckRequestSignature.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides who the HTTP check endpoint answers, before anything else about the request is looked at.
 *
 * <p>With secrets: only requests signed as {@link CheckRequestSignature} describes, with one of them and a timestamp
 * within {@code maxClockSkew} of this application's clock. Without: only requests from a loopback address (this
 * host), unless built {@linkplain #unauthenticated() to let everyone in}. A refused request gets 401 with a
 * {@code WWW-Authenticate} header and an empty body: nothing about the transaction asked for, nor whether it exists,
 * nor why the request was refused (that is logged at DEBUG, without the received headers).
 *
 * <p>Thread-safe and immutable. {@link #toString()} never shows the secrets.
 */
public final class MqCheckEndpointAuthentication implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(MqCheckEndpointAuthentication.class);
    private static final byte[] NO_BODY = new byte[0];

    private final List<String> secrets;
    private final boolean loopbackOnly;
    private final long maxClockSkewMs;
    private final Clock clock;

    private MqCheckEndpointAuthentication(List<String> secrets, boolean loopbackOnly, Duration maxClockSkew,
                                          Clock clock) {
        this.secrets = secrets;
        this.loopbackOnly = loopbackOnly;
        this.maxClockSkewMs = maxClockSkew.toMillis();
        this.clock = clock;
    }

    /**
     * Requests signed with {@code secret} or, during a rotation, {@code previousSecret}.
     *
     * @param previousSecret the secret being replaced, or null
     * @throws IllegalArgumentException naming the setting, when {@code secret} is blank or the skew is not positive
     */
    public static MqCheckEndpointAuthentication signed(String secret, String previousSecret, Duration maxClockSkew,
                                                       Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("tandem.mq.check-endpoint.secret must not be blank");
        }
        if (maxClockSkew == null || maxClockSkew.isNegative() || maxClockSkew.isZero()) {
            throw new IllegalArgumentException("tandem.mq.check-endpoint.max-clock-skew must be positive, was "
                    + maxClockSkew);
        }
        List<String> accepted = new ArrayList<>(2);
        accepted.add(secret);
        if (previousSecret != null && !previousSecret.isBlank()) {
            accepted.add(previousSecret);
        }
        return new MqCheckEndpointAuthentication(List.copyOf(accepted), false, maxClockSkew,
                Objects.requireNonNull(clock, "clock"));
    }

    /** Unsigned requests, from this host only. */
    public static MqCheckEndpointAuthentication loopbackOnly() {
        return new MqCheckEndpointAuthentication(List.of(), true, Duration.ZERO, Clock.systemUTC());
    }

    /** Unsigned requests from anywhere. */
    public static MqCheckEndpointAuthentication unauthenticated() {
        return new MqCheckEndpointAuthentication(List.of(), false, Duration.ZERO, Clock.systemUTC());
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        if (secrets.isEmpty()) {
            if (!loopbackOnly || fromLoopback(request)) {
                return next.handle(request);
            }
            LOG.debug("Refused a check request from {}: no secret is set, so only this host is answered",
                    request.remoteAddress().orElse(null));
            return refuse();
        }
        URI uri = request.uri();
        HttpHeaders headers = request.headers().asHttpHeaders();
        Verdict verdict = CheckRequestSignature.verify(secrets, request.method().name(), uri.getRawPath(),
                uri.getRawQuery(), NO_BODY, headers.getFirst(CheckRequestSignature.TIMESTAMP_HEADER),
                headers.getFirst(CheckRequestSignature.SIGNATURE_HEADER), clock.millis(), maxClockSkewMs);
        if (verdict == Verdict.VALID) {
            return next.handle(request);
        }
        LOG.debug("Refused a check request from {}: {}", request.remoteAddress().orElse(null), verdict);
        return refuse();
    }

    private static boolean fromLoopback(ServerRequest request) {
        return request.remoteAddress()
                .map(InetSocketAddress::getAddress)
                .map(address -> address.isLoopbackAddress())
                .orElse(false);
    }

    private static ServerResponse refuse() {
        return ServerResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, CheckRequestSignature.SCHEME)
                .build();
    }

    @Override
    public String toString() {
        return "MqCheckEndpointAuthentication[" + (!secrets.isEmpty() ? secrets.size() + " secret(s), "
                + "max clock skew " + maxClockSkewMs + " ms" : loopbackOnly ? "unsigned, loopback only"
                : "unsigned, any address") + "]";
    }
}
