package io.tandem.server.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Mutual TLS of a broker group's replication stream, built from the broker's TLS files ({@link TlsConfig}: its
 * certificate chain, private key and trusted authorities). Both ends present the broker's certificate and require
 * the other's to lead to a trusted authority: the leader's listener refuses a replica without a certificate or with
 * one from another authority, and a replica checks that the leader's certificate names the host it connects to.
 *
 * <p>Certificates are reloaded without a restart, as in {@link ServerTls}: before each new connection the files are
 * compared with those the current contexts were built from and both contexts are rebuilt when they changed; a
 * rebuild that fails keeps the previous contexts, with a WARN. Established connections keep their session.
 *
 * <p>Thread-safe. Failure modes: a peer that does not speak TLS, or fails the handshake, fails its own connection
 * only; the pipeline reports the handshake failure to the connection's handlers.
 */
public final class ReplicationTls {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationTls.class);

    private final TlsConfig config;
    private SslContext server;
    private JdkSslContext client;
    private List<ServerTls.FileStamp> stamps;

    private ReplicationTls(TlsConfig config, SslContext server, JdkSslContext client,
                           List<ServerTls.FileStamp> stamps) {
        this.config = config;
        this.server = server;
        this.client = client;
        this.stamps = stamps;
    }

    /**
     * Reads the files of {@code config} and builds the first contexts.
     *
     * @throws IllegalArgumentException naming what is missing if {@code config} lacks a certificate chain, private key
     *                                  or trusted authorities, or naming the files if they do not form a usable key,
     *                                  certificate chain and trust store
     */
    public static ReplicationTls start(TlsConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.certificateChain() == null || config.privateKey() == null
                || config.trustedCertificates() == null) {
            throw new IllegalArgumentException("TLS on the replication stream (tandem.broker.replication.tls.enabled)"
                    + " needs the broker's certificate chain, private key and trusted authorities"
                    + " (tandem.broker.tls.certificate-chain, private-key and trusted-certificates); missing: "
                    + missing(config));
        }
        List<ServerTls.FileStamp> stamps = ServerTls.stamp(paths(config));
        try {
            return new ReplicationTls(config, buildServer(config), buildClient(config), stamps);
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot build the replication stream's TLS contexts from "
                    + paths(config) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts the leader's TLS handler, which requires a trusted client certificate, first in {@code channel}'s
     * pipeline.
     */
    public void addServerHandler(Channel channel) {
        SslContext context;
        synchronized (this) {
            reloadIfChanged();
            context = server;
        }
        channel.pipeline().addFirst("tls-outcome", new Outcome("replica connection from", "leader"))
                .addFirst("tls", context.newHandler(channel.alloc()));
    }

    /**
     * Puts a replica's TLS handler first in {@code channel}'s pipeline, for a connection to the leader at
     * {@code host:port}, whose certificate must name {@code host}.
     */
    public void addClientHandler(Channel channel, String host, int port) {
        SslContext context;
        synchronized (this) {
            reloadIfChanged();
            context = client;
        }
        channel.pipeline().addFirst("tls-outcome", new Outcome("connection to leader", "replica"))
                .addFirst("tls", context.newHandler(channel.alloc(), host, port));
    }

    /**
     * A blocking socket connected to the leader at {@code host:port} with the handshake done, for the one-shot
     * exchanges a replica makes before it copies.
     *
     * @throws IOException if the leader cannot be reached within {@code timeoutMs} or the handshake fails
     */
    public Socket connect(String host, int port, int timeoutMs) throws IOException {
        JdkSslContext context;
        synchronized (this) {
            reloadIfChanged();
            context = client;
        }
        SSLSocket socket = (SSLSocket) context.context().getSocketFactory().createSocket();
        try {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void reloadIfChanged() {
        List<ServerTls.FileStamp> now;
        try {
            now = ServerTls.stamp(paths(config));
        } catch (IllegalArgumentException e) {
            LOG.warn("TLS files unreadable, new replication connections keep the previous settings: {}",
                    e.getMessage());
            return;
        }
        if (now.equals(stamps)) {
            return;
        }
        stamps = now;
        try {
            SslContext newServer = buildServer(config);
            JdkSslContext newClient = buildClient(config);
            server = newServer;
            client = newClient;
            LOG.info("TLS settings of the replication stream reloaded from {}", paths(config));
        } catch (SSLException | RuntimeException e) {
            LOG.warn("TLS files {} changed but are not usable, new replication connections keep the previous "
                    + "settings: {}", paths(config), e.toString());
        }
    }

    private static SslContext buildServer(TlsConfig config) throws SSLException {
        try {
            X509Certificate[] chain = PemFiles.certificates(config.certificateChain().toFile());
            PrivateKey key = PemFiles.privateKey(config.privateKey().toFile(), config.keyPassword());
            PemFiles.requireMatch(key, chain[0]);
            return SslContextBuilder.forServer(key, chain)
                    .trustManager(PemFiles.certificates(config.trustedCertificates().toFile()))
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (CertificateException | KeyException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    /** The JDK provider, so that {@link #connect} can make a blocking socket of the same context. */
    private static JdkSslContext buildClient(TlsConfig config) throws SSLException {
        try {
            X509Certificate[] chain = PemFiles.certificates(config.certificateChain().toFile());
            PrivateKey key = PemFiles.privateKey(config.privateKey().toFile(), config.keyPassword());
            PemFiles.requireMatch(key, chain[0]);
            return (JdkSslContext) SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .trustManager(PemFiles.certificates(config.trustedCertificates().toFile()))
                    .keyManager(key, chain)
                    .build();
        } catch (CertificateException | KeyException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    private static List<Path> paths(TlsConfig config) {
        return List.of(config.certificateChain(), config.privateKey(), config.trustedCertificates());
    }

    /**
     * Reports how the handshake went, naming the peer, and closes a connection whose handshake failed or whose peer
     * does not speak TLS; the handlers behind it see only connections that completed their handshake.
     */
    private static final class Outcome extends ChannelInboundHandlerAdapter {

        private final String connection;
        private final String side;
        private boolean handshaken;

        Outcome(String connection, String side) {
            this.connection = connection;
            this.side = side;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                if (completion.isSuccess()) {
                    handshaken = true;
                } else {
                    refused(context, completion.cause());
                    return;
                }
            }
            super.userEventTriggered(context, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) throws Exception {
            Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (!handshaken && root instanceof SSLException) {
                // The failed handshake's completion event, fired before this, reported it.
                context.close();
                return;
            }
            super.exceptionCaught(context, cause);
        }

        private void refused(ChannelHandlerContext context, Throwable cause) {
            if (cause instanceof NotSslRecordException) {
                LOG.warn("replication {} {} refused: the peer does not speak TLS, but this {} has"
                        + " tandem.broker.replication.tls.enabled=true", connection, context.channel().remoteAddress(),
                        side);
            } else {
                LOG.warn("replication {} {} refused: TLS handshake failed (both ends need"
                        + " tandem.broker.replication.tls.enabled=true and certificates their trusted authorities"
                        + " signed): {}", connection, context.channel().remoteAddress(), describe(cause));
            }
            context.close();
        }

        private static String describe(Throwable cause) {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root == cause ? cause.toString() : cause + " (" + root + ")";
        }
    }

    private static String missing(TlsConfig config) {
        StringBuilder missing = new StringBuilder();
        if (config.certificateChain() == null) {
            missing.append("certificate-chain ");
        }
        if (config.privateKey() == null) {
            missing.append("private-key ");
        }
        if (config.trustedCertificates() == null) {
            missing.append("trusted-certificates");
        }
        return missing.toString().trim();
    }
}
