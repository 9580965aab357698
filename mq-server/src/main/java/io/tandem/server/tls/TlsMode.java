package io.tandem.server.tls;

/** Whether the remoting listeners speak TLS; the names and meanings of RocketMQ's {@code tls.server.mode}. */
public enum TlsMode {
    /** Plain TCP only; a TLS ClientHello is garbage to the frame decoder and closes that connection. */
    DISABLED,
    /** TLS and plain connections on the same port, told apart by the first bytes a client sends. */
    PERMISSIVE,
    /** TLS only; a plain connection is closed at its first bytes. */
    ENFORCING
}
