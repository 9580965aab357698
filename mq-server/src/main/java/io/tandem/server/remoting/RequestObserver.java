package io.tandem.server.remoting;

import io.tandem.protocol.RemotingCommand;

/**
 * Sees every request that passes a listener, in both directions: requests clients send (before they are dispatched)
 * and requests the broker sends to clients (check-backs, notifications, resets). For observers such as the message
 * trace; it must not change or answer anything. Called on network threads: return quickly and never block.
 */
public interface RequestObserver {

    /** Observes nothing. */
    RequestObserver NONE = new RequestObserver() {
    };

    /** {@code request} arrived from {@code from}. */
    default void received(ClientConnection from, RemotingCommand request) {
    }

    /** {@code request} is being written to {@code to}. */
    default void sent(ClientConnection to, RemotingCommand request) {
    }
}
