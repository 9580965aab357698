package io.tandem.server.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.KeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The TLS side of the remoting listeners: puts the handler that {@link TlsConfig#mode()} calls for in front of each
 * new connection's pipeline, with an SSL context built from the PEM files of the configuration.
 *
 * <p>Certificates are reloaded without a restart: before each new connection the files' modification times, sizes
 * and identities are compared with those the current context was built from, and if any changed the context is
 * rebuilt; new connections use the new one, established connections keep theirs. A rebuild that fails (a file half
 * written, a key that does not match) keeps the previous context and logs a WARN naming the file set; it is tried
 * again when the files change again.
 *
 * <p>Thread-safe: the event loops of both listeners call {@link #addTo(Channel)} concurrently.
 *
 * <p>Failure modes: a client that is not speaking TLS to an enforcing listener, or sends a broken or unsupported
 * handshake, fails its own connection only (the pipeline reports it and closes it).
 */
public final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    /** No TLS: {@link #addTo(Channel)} adds nothing. */
    public static final ServerTls DISABLED = new ServerTls(TlsConfig.DISABLED, null, List.of());

    private final TlsConfig config;
    private SslContext context;
    private List<FileStamp> stamps;

    private ServerTls(TlsConfig config, SslContext context, List<FileStamp> stamps) {
        this.config = config;
        this.context = context;
        this.stamps = stamps;
    }

    /**
     * Reads the files of {@code config} and builds the first context.
     *
     * @throws IllegalArgumentException naming the files if they cannot be read or do not form a usable key and
     *                                  certificate chain
     */
    public static ServerTls start(TlsConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.mode() == TlsMode.DISABLED) {
            return DISABLED;
        }
        List<FileStamp> stamps = stamp(config);
        try {
            return new ServerTls(config, build(config), stamps);
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot build TLS context from " + files(config) + ": " + e.getMessage(),
                    e);
        }
    }

    public TlsMode mode() {
        return config.mode();
    }

    /**
     * Puts the TLS handler first in {@code channel}'s pipeline: an SSL handler when enforcing, a handler that looks
     * at the first bytes and becomes an SSL handler or steps aside when permissive, nothing when disabled.
     */
    public void addTo(Channel channel) {
        switch (config.mode()) {
            case DISABLED -> {
            }
            case ENFORCING -> channel.pipeline().addFirst("tls", current().newHandler(channel.alloc()));
            case PERMISSIVE -> channel.pipeline().addFirst("tls", new OptionalSslHandler(current()));
        }
    }

    /** The context for a new connection, rebuilt first if the files changed since it was built. */
    synchronized SslContext current() {
        List<FileStamp> now;
        try {
            now = stamp(config);
        } catch (IllegalArgumentException e) {
            LOG.warn("TLS files unreadable, new connections keep the previous certificate: {}", e.getMessage());
            return context;
        }
        if (!now.equals(stamps)) {
            stamps = now;
            try {
                context = build(config);
                LOG.info("TLS certificate reloaded from {}", files(config));
            } catch (SSLException | RuntimeException e) {
                LOG.warn("TLS files {} changed but do not form a usable certificate and key, new connections keep "
                        + "the previous certificate: {}", files(config), e.toString());
            }
        }
        return context;
    }

    private static SslContext build(TlsConfig config) throws SSLException {
        try {
            X509Certificate[] chain = PemFiles.certificates(config.certificateChain().toFile());
            PrivateKey key = PemFiles.privateKey(config.privateKey().toFile(), config.keyPassword());
            PemFiles.requireMatch(key, chain[0]);
            SslContextBuilder builder = SslContextBuilder.forServer(key, chain);
            if (config.clientCertificates() != ClientCertificates.NONE) {
                builder.trustManager(PemFiles.certificates(config.trustedCertificates().toFile()))
                        .clientAuth(config.clientCertificates() == ClientCertificates.REQUIRED
                                ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            }
            return builder.build();
        } catch (CertificateException | KeyException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    private static List<Path> paths(TlsConfig config) {
        List<Path> paths = new ArrayList<>();
        paths.add(config.certificateChain());
        paths.add(config.privateKey());
        if (config.trustedCertificates() != null) {
            paths.add(config.trustedCertificates());
        }
        return paths;
    }

    private static String files(TlsConfig config) {
        return paths(config).toString();
    }

    private static List<FileStamp> stamp(TlsConfig config) {
        return stamp(paths(config));
    }

    /**
     * The current stamps of {@code paths}, in order.
     *
     * @throws IllegalArgumentException naming the file that cannot be read
     */
    static List<FileStamp> stamp(List<Path> paths) {
        List<FileStamp> stamps = new ArrayList<>();
        for (Path path : paths) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                stamps.add(new FileStamp(attributes.lastModifiedTime(), attributes.size(),
                        attributes.fileKey()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read TLS file " + path + ": " + e,
                        new UncheckedIOException(e));
            }
        }
        return List.copyOf(stamps);
    }

    /** What identifies one version of a file: a rewrite or a replacement by rename changes at least one part. */
    record FileStamp(FileTime modified, long size, Object fileKey) {
    }
}
