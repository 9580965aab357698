package io.tandem.server.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS settings of the broker and name-server listeners. Immutable; validated when built. The files are read when
 * the broker starts and again whenever they change (see {@link ReloadingSslContext}).
 *
 * @param mode                disabled, permissive (TLS and plain on one port) or enforcing (TLS only)
 * @param certificateChain    PEM file with the listener's certificate first, then any intermediates
 * @param privateKey          PEM file with the certificate's private key (PKCS#8, encrypted if {@code keyPassword} is
 *                            set)
 * @param keyPassword         password of an encrypted private key, or null; never shown by {@link #toString()}
 * @param clientCertificates  whether clients are asked for a certificate
 * @param trustedCertificates PEM file of the authorities whose client certificates are accepted; required unless
 *                            {@code clientCertificates} is {@link ClientCertificates#NONE}
 */
public record TlsConfig(TlsMode mode, Path certificateChain, Path privateKey, String keyPassword,
                        ClientCertificates clientCertificates, Path trustedCertificates) {

    /** Plain TCP only: the embedded default on 127.0.0.1. */
    public static final TlsConfig DISABLED = new TlsConfig(TlsMode.DISABLED, null, null, null, ClientCertificates.NONE,
            null);

    /** @throws IllegalArgumentException naming the setting that is missing */
    public TlsConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(clientCertificates, "clientCertificates");
        if (mode != TlsMode.DISABLED) {
            if (certificateChain == null) {
                throw new IllegalArgumentException("TLS mode " + mode + " needs a certificate chain file (PEM)");
            }
            if (privateKey == null) {
                throw new IllegalArgumentException("TLS mode " + mode + " needs a private key file (PEM, PKCS#8)");
            }
            if (clientCertificates != ClientCertificates.NONE && trustedCertificates == null) {
                throw new IllegalArgumentException("client certificates " + clientCertificates
                        + " need a file of trusted certificate authorities (PEM)");
            }
        }
    }

    /** TLS in {@code mode} with the given certificate chain and key, no client certificates. */
    public static TlsConfig of(TlsMode mode, Path certificateChain, Path privateKey) {
        return new TlsConfig(mode, certificateChain, privateKey, null, ClientCertificates.NONE, null);
    }

    /** This configuration asking clients for certificates signed by the authorities in {@code trusted}. */
    public TlsConfig withClientCertificates(ClientCertificates clientCertificates, Path trusted) {
        return new TlsConfig(mode, certificateChain, privateKey, keyPassword, clientCertificates, trusted);
    }

    @Override
    public String toString() {
        return "TlsConfig[mode=" + mode + ", certificateChain=" + certificateChain + ", privateKey=" + privateKey
                + ", keyPassword=" + (keyPassword == null ? "none" : "***") + ", clientCertificates="
                + clientCertificates + ", trustedCertificates=" + trustedCertificates + "]";
    }
}
