package io.tandem.client.remoting;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link RemotingClient} speaks TLS to brokers and name servers. Immutable. The files are PEM and are read
 * when the client is created.
 *
 * @param trustedCertificates authorities whose listener certificates are accepted, or null for the JVM's default
 *                            trust store
 * @param certificateChain    this client's certificate and intermediates, for listeners that ask for one (mutual
 *                            TLS), or null
 * @param privateKey          the private key of {@code certificateChain} (PKCS#8), or null
 * @param keyPassword         password of an encrypted private key, or null; never shown by {@link #toString()}
 * @param verifyHostname      whether the listener's certificate must name the host or IP address connected to (the
 *                            addresses the name server hands out in routes)
 */
public record ClientTls(Path trustedCertificates, Path certificateChain, Path privateKey, String keyPassword,
                        boolean verifyHostname) {

    /** @throws IllegalArgumentException if only one of certificate chain and private key is given */
    public ClientTls {
        if ((certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("a client certificate needs both its chain and its private key file");
        }
    }

    /** TLS trusting the JVM's default authorities, with host-name verification and no client certificate. */
    public static ClientTls trustingDefaultAuthorities() {
        return new ClientTls(null, null, null, null, true);
    }

    /** TLS trusting the authorities in the PEM file {@code trustedCertificates}, with host-name verification. */
    public static ClientTls trusting(Path trustedCertificates) {
        return new ClientTls(Objects.requireNonNull(trustedCertificates, "trustedCertificates"), null, null, null,
                true);
    }

    /** This configuration presenting the given certificate and unencrypted key to listeners that ask for one. */
    public ClientTls withCertificate(Path certificateChain, Path privateKey) {
        return new ClientTls(trustedCertificates, Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"), keyPassword, verifyHostname);
    }

    /** This configuration with the password of an encrypted private key. */
    public ClientTls withKeyPassword(String keyPassword) {
        return new ClientTls(trustedCertificates, certificateChain, privateKey, keyPassword, verifyHostname);
    }

    /**
     * This configuration accepting a trusted certificate whatever host it names (certificates issued for a name
     * while routes carry IP addresses). The chain is still checked.
     */
    public ClientTls withoutHostnameVerification() {
        return new ClientTls(trustedCertificates, certificateChain, privateKey, keyPassword, false);
    }

    @Override
    public String toString() {
        return "ClientTls[trustedCertificates=" + (trustedCertificates == null ? "default" : trustedCertificates)
                + ", certificateChain=" + certificateChain + ", privateKey=" + privateKey + ", keyPassword="
                + (keyPassword == null ? "none" : "***") + ", verifyHostname=" + verifyHostname + "]";
    }
}
