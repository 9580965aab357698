package io.tandem.server.remoting;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Asks its {@link RequestGuard} about each decoded request (a refusal is answered as the guard says), then routes
 * it to the processor registered for its code, on the executor registered with it (or
 * the connection's event loop when none is), and turns failures into well-formed error responses:
 * an unknown code gets REQUEST_CODE_NOT_SUPPORTED, a missing or malformed header field INVALID_PARAMETER naming the
 * field, anything else SYSTEM_ERROR with the exception's description. No failure of one request affects another.
 */
public final class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private record Registration(RequestProcessor processor, Executor executor) {
    }

    private final Map<Integer, Registration> registrations = new ConcurrentHashMap<>();
    private final RequestGuard guard;
    private final RequestAudit audit;
    private volatile boolean open;

    /** A dispatcher that lets every request through to its processor. */
    public RequestDispatcher() {
        this(RequestGuard.NONE);
    }

    /** A dispatcher that asks {@code guard} about every request before its processor sees it. */
    public RequestDispatcher(RequestGuard guard) {
        this(guard, RequestAudit.NONE);
    }

    /**
     * A dispatcher that asks {@code guard} about every request before its processor sees it, and tells {@code audit}
     * how the requests it audits were answered.
     */
    public RequestDispatcher(RequestGuard guard, RequestAudit audit) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** Starts dispatching; until then every request is answered SYSTEM_BUSY (the broker is still starting). */
    public void open() {
        open = true;
    }

    /** Runs {@code processor} for {@code code} on the connection's event loop: only for processors that never block. */
    public void register(int code, RequestProcessor processor) {
        registrations.put(code, new Registration(Objects.requireNonNull(processor, "processor"), null));
    }

    /** Runs {@code processor} for {@code code} on {@code executor}. */
    public void register(int code, RequestProcessor processor, Executor executor) {
        registrations.put(code, new Registration(Objects.requireNonNull(processor, "processor"),
                Objects.requireNonNull(executor, "executor")));
    }

    void dispatch(ClientConnection connection, RemotingCommand request) {
        RequestContext context = new RequestContext(connection, request, System.nanoTime(), auditOf(request));
        if (!open) {
            context.respondError(ResponseCode.SYSTEM_BUSY, "[REJECTREQUEST] the broker is still starting");
            return;
        }
        if (refused(connection, context)) {
            return;
        }
        Registration registration = registrations.get(request.code());
        if (registration == null) {
            context.respondError(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
            return;
        }
        if (registration.executor == null) {
            run(registration.processor, context);
            return;
        }
        try {
            registration.executor.execute(() -> run(registration.processor, context));
        } catch (RejectedExecutionException e) {
            context.respondError(ResponseCode.SYSTEM_BUSY, "[REJECTREQUEST] broker is busy or shutting down");
        }
    }

    private RequestAudit auditOf(RemotingCommand request) {
        try {
            return audit.audits(request) ? audit : null;
        } catch (RuntimeException e) {
            LOG.warn("{}: the request audit failed", RequestCode.describe(request.code()), e);
            return null;
        }
    }

    /** Asks the guard; answers a refused request (later, if it says so) and returns whether it was refused. */
    private boolean refused(ClientConnection connection, RequestContext context) {
        RequestGuard.Refusal refusal;
        try {
            refusal = guard.check(connection, context.request());
        } catch (RuntimeException e) {
            LOG.warn("{} from {}: the request guard failed", RequestCode.describe(context.request().code()),
                    connection, e);
            refusal = new RequestGuard.Refusal(ResponseCode.SYSTEM_ERROR,
                    "the request could not be checked: " + e.getClass().getSimpleName(), 0);
        }
        if (refusal == null) {
            return false;
        }
        if (refusal.delayNanos() <= 0) {
            context.respondError(refusal.code(), refusal.remark());
        } else {
            RequestGuard.Refusal answer = refusal;
            connection.channel().eventLoop().schedule(() -> context.respondError(answer.code(), answer.remark()),
                    refusal.delayNanos(), TimeUnit.NANOSECONDS);
        }
        return true;
    }

    static void run(RequestProcessor processor, RequestContext context) {
        try {
            processor.process(context);
        } catch (ProtocolException e) {
            // Covers InvalidHeaderException: a missing or unparsable header field, named in the message.
            context.respondError(ResponseCode.INVALID_PARAMETER, e.getMessage());
        } catch (IllegalArgumentException e) {
            context.respondError(ResponseCode.INVALID_PARAMETER, e.getMessage());
        } catch (Exception | Error e) {
            LOG.warn("{} from {} failed", RequestCode.describe(context.request().code()), context.connection(), e);
            context.respondError(ResponseCode.SYSTEM_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
