package io.tandem.client;

import io.tandem.protocol.RequestCode;

/**
 * A request could not be delivered or its connection was lost before the answer: the server is down, restarting or
 * unreachable. The next request opens a new connection.
 */
public final class MqConnectException extends MqClientException {

    private final String address;

    public MqConnectException(String address, int requestCode, Throwable cause) {
        super(RequestCode.describe(requestCode) + " to " + address + " failed: "
                + (cause == null ? "connection lost" : cause.getMessage()), cause);
        this.address = address;
    }

    public String address() {
        return address;
    }
}
