package io.tandem.server.remoting;

import io.tandem.protocol.RemotingCommand;

/**
 * Follows the requests it {@link #audits audits} to their answer, whoever gives it: the request guard (a refusal),
 * the dispatcher (an unknown code, a malformed header) or the processor. Called on network or worker threads: it
 * must not block for long.
 */
public interface RequestAudit {

    /** Audits nothing. */
    RequestAudit NONE = new RequestAudit() {
        @Override
        public boolean audits(RemotingCommand request) {
            return false;
        }

        @Override
        public void answered(ClientConnection connection, RemotingCommand request, RemotingCommand response) {
        }
    };

    /** Whether {@code request}'s answer is to be reported to {@link #answered}. */
    boolean audits(RemotingCommand request);

    /** {@code request}, received on {@code connection}, is being answered with {@code response}. */
    void answered(ClientConnection connection, RemotingCommand request, RemotingCommand response);
}
