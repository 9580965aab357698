package io.tandem.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.security.KeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The TLS side of the broker's connections to remote name servers ({@link TlsConfig#nameServerClient()}): the name
 * server's certificate chain must lead to an authority in {@link TlsConfig#trustedCertificates()} and name the host
 * or IP address connected to; the broker presents its listeners' certificate when it has one (for name servers that
 * ask for client certificates).
 *
 * <p>Reloads like {@link ServerTls}: before each new connection the files are compared with those the current
 * context was built from and the context is rebuilt when they changed; a rebuild that fails keeps the previous
 * context, with a WARN. Thread-safe.
 */
public final class PeerTls {

    private static final Logger LOG = LoggerFactory.getLogger(PeerTls.class);

    private final TlsConfig config;
    private SslContext context;
    private List<ServerTls.FileStamp> stamps;

    private PeerTls(TlsConfig config, SslContext context, List<ServerTls.FileStamp> stamps) {
        this.config = config;
        this.context = context;
        this.stamps = stamps;
    }

    /**
     * Reads the files of {@code config} and builds the first context, or returns null when
     * {@link TlsConfig#nameServerClient()} is off.
     *
     * @throws IllegalArgumentException naming the files if they cannot be read or do not form a usable trust store
     *                                  (and key and certificate chain, when set)
     */
    public static PeerTls start(TlsConfig config) {
        Objects.requireNonNull(config, "config");
        if (!config.nameServerClient()) {
            return null;
        }
        List<ServerTls.FileStamp> stamps = ServerTls.stamp(paths(config));
        try {
            return new PeerTls(config, build(config), stamps);
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot build the TLS context for name-server connections from "
                    + paths(config) + ": " + e.getMessage(), e);
        }
    }

    /** A handler for a new connection to {@code host:port}, whose certificate must name {@code host}. */
    public SslHandler newHandler(ByteBufAllocator allocator, String host, int port) {
        return current().newHandler(allocator, host, port);
    }

    synchronized SslContext current() {
        List<ServerTls.FileStamp> now;
        try {
            now = ServerTls.stamp(paths(config));
        } catch (IllegalArgumentException e) {
            LOG.warn("TLS files unreadable, new name-server connections keep the previous settings: {}",
                    e.getMessage());
            return context;
        }
        if (!now.equals(stamps)) {
            stamps = now;
            try {
                context = build(config);
                LOG.info("TLS settings for name-server connections reloaded from {}", paths(config));
            } catch (SSLException | RuntimeException e) {
                LOG.warn("TLS files {} changed but are not usable, new name-server connections keep the previous "
                        + "settings: {}", paths(config), e.toString());
            }
        }
        return context;
    }

    private static boolean presentsCertificate(TlsConfig config) {
        return config.certificateChain() != null && config.privateKey() != null;
    }

    private static SslContext build(TlsConfig config) throws SSLException {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .endpointIdentificationAlgorithm("HTTPS")
                    .trustManager(PemFiles.certificates(config.trustedCertificates().toFile()));
            if (presentsCertificate(config)) {
                X509Certificate[] chain = PemFiles.certificates(config.certificateChain().toFile());
                PrivateKey key = PemFiles.privateKey(config.privateKey().toFile(), config.keyPassword());
                PemFiles.requireMatch(key, chain[0]);
                builder.keyManager(key, chain);
            }
            return builder.build();
        } catch (CertificateException | KeyException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    private static List<Path> paths(TlsConfig config) {
        List<Path> paths = new ArrayList<>();
        paths.add(config.trustedCertificates());
        if (presentsCertificate(config)) {
            paths.add(config.certificateChain());
            paths.add(config.privateKey());
        }
        return paths;
    }
}
