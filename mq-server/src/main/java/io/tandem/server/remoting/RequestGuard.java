package io.tandem.server.remoting;

import io.tandem.protocol.RemotingCommand;

/**
 * Decides, before a request reaches its processor, whether it may: authentication and authorization plug in here.
 * Called on the connection's event loop for every request, so it must not block. A guard that throws is treated as
 * a refusal with SYSTEM_ERROR.
 */
@FunctionalInterface
public interface RequestGuard {

    /** Lets every request through. */
    RequestGuard NONE = (connection, request) -> null;

    /** Null to let the request through, or why not. */
    Refusal check(ClientConnection connection, RemotingCommand request);

    /**
     * A refused request: answered with {@code code} and {@code remark} after {@code delayNanos} (0: at once), without
     * blocking anything meanwhile.
     */
    record Refusal(int code, String remark, long delayNanos) {
    }
}
