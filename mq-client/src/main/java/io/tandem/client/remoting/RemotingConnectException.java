package io.tandem.client.remoting;

/**
 * The connection to the remote address could not be established, failed while writing, or was closed (by the
 * peer, because it sent an undecodable frame, because it was idle, or because the client was closed) before the
 * response arrived. The cause, when there is one, says why.
 */
public final class RemotingConnectException extends RemotingException {

    RemotingConnectException(String address, String reason, Throwable cause) {
        super(address, "connection to " + address + " " + reason
                + (cause == null ? "" : ": " + cause), cause);
    }
}
