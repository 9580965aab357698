package io.tandem.protocol;

/**
 * Bytes received from a peer do not follow the remoting protocol: a malformed frame, header, message record,
 * property string, message id or JSON body. The message names what was wrong and where (a field, an offset, a
 * length), so that a log line is enough to find the bad byte.
 *
 * <p>Unchecked by design: decoders run inside Netty handlers and request processors whose only sensible reaction
 * is to answer an error (for a bad header) or close the connection (for a bad frame); forcing every call site to
 * catch would add noise without adding handling. Every decoder in this module throws this type (or a subclass)
 * for bad input and never lets an {@code IndexOutOfBoundsException} or {@code NullPointerException} escape.
 */
public class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
