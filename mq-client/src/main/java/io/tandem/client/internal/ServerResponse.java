package io.tandem.client.internal;

import io.tandem.protocol.RemotingCommand;

/**
 * A response together with the address of the server that sent it (name-server calls may be answered by any of
 * several servers).
 */
public record ServerResponse(String address, RemotingCommand command) {
}
