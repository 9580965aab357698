package io.tandem.client;

import io.tandem.protocol.RequestCode;

import java.time.Duration;

/** No response to a request arrived within its timeout; the server may or may not have processed it. */
public final class MqTimeoutException extends MqClientException {

    private final String address;
    private final int requestCode;
    private final Duration timeout;

    public MqTimeoutException(String address, int requestCode, Duration timeout, Throwable cause) {
        super("no response from " + address + " to " + RequestCode.describe(requestCode) + " within "
                + timeout.toMillis() + " ms", cause);
        this.address = address;
        this.requestCode = requestCode;
        this.timeout = timeout;
    }

    public String address() {
        return address;
    }

    public int requestCode() {
        return requestCode;
    }

    public Duration timeout() {
        return timeout;
    }
}
