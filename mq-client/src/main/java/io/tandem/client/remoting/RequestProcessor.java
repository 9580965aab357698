package io.tandem.client.remoting;

import io.tandem.protocol.RemotingCommand;

/**
 * Handles a request that a server sends to the client over a client-opened connection (for example
 * CHECK_TRANSACTION_STATE or NOTIFY_CONSUMER_IDS_CHANGED). Runs on the {@link RemotingClient}'s processor
 * executor, never on a Netty event loop, so it may block.
 */
@FunctionalInterface
public interface RequestProcessor {

    /**
     * Processes one request and returns the reply. For a request that is not oneway the returned command is sent
     * back with the request's opaque and the response flag set (whatever opaque and flag it carries); for a oneway
     * request, or when this returns null, nothing is sent. A thrown exception is answered with SYSTEM_ERROR (1)
     * and a short description, unless the request is oneway.
     *
     * @param remoteAddress the server's "host:port" as passed to the client
     * @param request       the request, decoded
     */
    RemotingCommand process(String remoteAddress, RemotingCommand request) throws Exception;
}
