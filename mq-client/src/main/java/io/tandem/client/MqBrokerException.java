package io.tandem.client;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;

/**
 * A broker or name server answered a request with a response code that means failure. The code is one of
 * {@link ResponseCode}; the remark is the server's explanation, possibly null.
 */
public class MqBrokerException extends MqClientException {

    private final int code;
    private final String remark;
    private final String address;
    private final int requestCode;

    public MqBrokerException(int code, String remark, String address, int requestCode) {
        super(address + " answered " + RequestCode.describe(requestCode) + " with " + ResponseCode.describe(code)
                + (remark == null || remark.isBlank() ? "" : ": " + remark.strip()));
        this.code = code;
        this.remark = remark;
        this.address = address;
        this.requestCode = requestCode;
    }

    /** The response code, see {@link ResponseCode}. */
    public int code() {
        return code;
    }

    /** The server's remark, or null. */
    public String remark() {
        return remark;
    }

    /** The server's {@code host:port}. */
    public String address() {
        return address;
    }

    /** The code of the request that was refused, see {@link RequestCode}. */
    public int requestCode() {
        return requestCode;
    }
}
