package io.tandem.protocol.header;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RequestCode;

/**
 * A custom header misses a required field or holds a value that does not parse. Unlike a frame error this does not
 * put the connection out of sync: a broker answers the request with {@code INVALID_PARAMETER} (29) and the message
 * as remark.
 */
public final class InvalidHeaderException extends ProtocolException {

    private final int requestCode;
    private final String field;

    InvalidHeaderException(int requestCode, boolean response, String field, String problem) {
        super(RequestCode.describe(requestCode) + (response ? " response" : " request") + ": field '" + field + "' "
                + problem);
        this.requestCode = requestCode;
        this.field = field;
    }

    /** Code of the request whose header (or whose response's header) was bad. */
    public int requestCode() {
        return requestCode;
    }

    /** The extFields key that was missing or bad, with its long name for short-key headers, e.g. {@code b (topic)}. */
    public String field() {
        return field;
    }
}
