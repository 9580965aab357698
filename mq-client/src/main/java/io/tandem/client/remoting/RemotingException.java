package io.tandem.client.remoting;

/**
 * A request could not be completed by the transport. Futures returned by {@link RemotingClient} fail with one of
 * the subclasses; the message names the remote address and what went wrong. Unchecked because it is only ever seen
 * as the cause of a failed future.
 */
public abstract class RemotingException extends RuntimeException {

    private final String address;

    protected RemotingException(String address, String message, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    /** The remote "host:port" the request was meant for. */
    public String address() {
        return address;
    }
}
