package io.tandem.client.remoting;

import io.tandem.protocol.RequestCode;

import java.time.Duration;

/** No response arrived within the timeout given to {@link RemotingClient#invoke}; a late response is dropped. */
public final class RemotingTimeoutException extends RemotingException {

    private final int requestCode;
    private final int opaque;
    private final Duration timeout;

    RemotingTimeoutException(String address, int requestCode, int opaque, Duration timeout) {
        super(address, "no response from " + address + " to request " + RequestCode.describe(requestCode)
                + " (code " + requestCode + ", opaque " + opaque + ") within " + timeout.toMillis() + " ms", null);
        this.requestCode = requestCode;
        this.opaque = opaque;
        this.timeout = timeout;
    }

    public int requestCode() {
        return requestCode;
    }

    public int opaque() {
        return opaque;
    }

    public Duration timeout() {
        return timeout;
    }
}
