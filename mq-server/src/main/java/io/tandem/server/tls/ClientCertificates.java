package io.tandem.server.tls;

/** What the listeners ask of a TLS client's certificate (mutual TLS). */
public enum ClientCertificates {
    /** No certificate is requested. */
    NONE,
    /** A certificate is requested; a client that sends one must present one the trusted authorities signed. */
    OPTIONAL,
    /** A certificate signed by a trusted authority is required; the handshake fails without one. */
    REQUIRED
}
