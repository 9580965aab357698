package io.tandem.server.remoting;

import io.netty.channel.Channel;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request in flight: the command, the connection it came on, and the way to answer it once. Thread-safe; the
 * first {@link #respond} wins and later ones are ignored, so a parked pull woken twice is answered once.
 */
public final class RequestContext {

    private static final Logger LOG = LoggerFactory.getLogger(RequestContext.class);

    private final ClientConnection connection;
    private final RemotingCommand request;
    private final long receivedNanos;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final RequestAudit audit;

    RequestContext(ClientConnection connection, RemotingCommand request, long receivedNanos) {
        this(connection, request, receivedNanos, null);
    }

    /** With {@code audit} (or null) told of the answer before it is written. */
    RequestContext(ClientConnection connection, RemotingCommand request, long receivedNanos, RequestAudit audit) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.request = Objects.requireNonNull(request, "request");
        this.receivedNanos = receivedNanos;
        this.audit = audit;
    }

    public RemotingCommand request() {
        return request;
    }

    public ClientConnection connection() {
        return connection;
    }

    public Channel channel() {
        return connection.channel();
    }

    /** When the request was decoded, in {@link System#nanoTime()} units. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** Whether an answer was already sent (or the request is oneway and needs none). */
    public boolean isAnswered() {
        return answered.get();
    }

    /**
     * Sends {@code response} with this request's opaque and the response flag; does nothing for a oneway request
     * or when already answered.
     *
     * @return whether this call sent the answer
     */
    public boolean respond(RemotingCommand.Builder response) {
        if (!answered.compareAndSet(false, true) || request.isOneway()) {
            return false;
        }
        RemotingCommand answer = response.opaque(request.opaque()).flag(RemotingCommand.RESPONSE_FLAG).build();
        audit(answer);
        connection.write(answer);
        return true;
    }

    /**
     * Like {@link #respond(RemotingCommand.Builder)} with {@code body} as the body, written without a copy; takes
     * ownership of {@code body} (released if no answer is sent).
     */
    public boolean respond(RemotingCommand.Builder response, io.netty.buffer.ByteBuf body) {
        if (!answered.compareAndSet(false, true) || request.isOneway()) {
            body.release();
            return false;
        }
        RemotingCommand answer = response.opaque(request.opaque()).flag(RemotingCommand.RESPONSE_FLAG).build();
        audit(answer);
        connection.write(answer, body);
        return true;
    }

    private void audit(RemotingCommand answer) {
        if (audit == null) {
            return;
        }
        try {
            audit.answered(connection, request, answer);
        } catch (RuntimeException e) {
            LOG.warn("{} from {}: the request audit failed", RequestCode.describe(request.code()),
                    connection, e);
        }
    }

    /** Answers with {@code code} and a remark saying what was wrong. */
    public boolean respondError(int code, String remark) {
        return respond(request.response(code).remark(remark));
    }

    /** Answers SUCCESS with no header fields and no body. */
    public boolean respondSuccess() {
        return respond(request.response(io.tandem.protocol.ResponseCode.SUCCESS));
    }
}
