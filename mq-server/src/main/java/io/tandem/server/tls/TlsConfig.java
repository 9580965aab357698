package io.tandem.server.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS settings of the broker and name-server listeners, and of the broker's own connections to remote name servers.
 * Immutable; validated when built. The files are read when the server starts and again whenever they change (see
 * {@link ServerTls} and {@link PeerTls}).
 *
 * @param mode                disabled, permissive (TLS and plain on one port) or enforcing (TLS only)
 * @param certificateChain    PEM file with the listener's certificate first, then any intermediates
 * @param privateKey          PEM file with the certificate's private key (PKCS#8, encrypted if {@code keyPassword} is
 *                            set)
 * @param keyPassword         password of an encrypted private key, or null; never shown by {@link #toString()}
 * @param clientCertificates  whether clients are asked for a certificate
 * @param trustedCertificates PEM file of the authorities whose client certificates are accepted (and, with
 *                            {@code nameServerClient}, whose name-server certificates are); required unless
 *                            {@code clientCertificates} is {@link ClientCertificates#NONE} and
 *                            {@code nameServerClient} is off
 * @param nameServerClient    whether the broker registers with remote name servers over TLS, checking their
 *                            certificate chain against {@code trustedCertificates} and the host name it connects to,
 *                            and presenting {@code certificateChain} when it and {@code privateKey} are set;
 *                            independent of {@code mode}
 */
public record TlsConfig(TlsMode mode, Path certificateChain, Path privateKey, String keyPassword,
                        ClientCertificates clientCertificates, Path trustedCertificates, boolean nameServerClient) {

    /** Plain TCP only: the embedded default on 127.0.0.1. */
    public static final TlsConfig DISABLED = new TlsConfig(TlsMode.DISABLED, null, null, null, ClientCertificates.NONE,
            null, false);

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
        if (nameServerClient && trustedCertificates == null) {
            throw new IllegalArgumentException("TLS to name servers needs a file of trusted certificate authorities"
                    + " (PEM) to check their certificates against");
        }
    }

    /** Listener settings only; the broker registers with remote name servers in plain TCP. */
    public TlsConfig(TlsMode mode, Path certificateChain, Path privateKey, String keyPassword,
                     ClientCertificates clientCertificates, Path trustedCertificates) {
        this(mode, certificateChain, privateKey, keyPassword, clientCertificates, trustedCertificates, false);
    }

    /** TLS in {@code mode} with the given certificate chain and key, no client certificates. */
    public static TlsConfig of(TlsMode mode, Path certificateChain, Path privateKey) {
        return new TlsConfig(mode, certificateChain, privateKey, null, ClientCertificates.NONE, null);
    }

    /** This configuration asking clients for certificates signed by the authorities in {@code trusted}. */
    public TlsConfig withClientCertificates(ClientCertificates clientCertificates, Path trusted) {
        return new TlsConfig(mode, certificateChain, privateKey, keyPassword, clientCertificates, trusted,
                nameServerClient);
    }

    /**
     * This configuration with the broker registering with remote name servers over TLS ({@code on}), trusting the
     * authorities in {@code trusted}.
     */
    public TlsConfig withNameServerClient(boolean on, Path trusted) {
        return new TlsConfig(mode, certificateChain, privateKey, keyPassword, clientCertificates, trusted, on);
    }

    @Override
    public String toString() {
        return "TlsConfig[mode=" + mode + ", certificateChain=" + certificateChain + ", privateKey=" + privateKey
                + ", keyPassword=" + (keyPassword == null ? "none" : "***") + ", clientCertificates="
                + clientCertificates + ", trustedCertificates=" + trustedCertificates + ", nameServerClient="
                + nameServerClient + "]";
    }
}
