package io.tandem.server.tls;

import io.netty.handler.ssl.SslContext;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Reads PEM certificates and private keys with Netty's own parser (the one its {@code SslContextBuilder} uses on
 * files) and checks that a key belongs to a certificate, which building a context does not.
 *
 * <p>Design note: Netty exposes its PEM parser only to {@link SslContext} subclasses; this class extends it for that
 * access alone and is never instantiated.
 */
abstract class PemFiles extends SslContext {

    private static final byte[] PROBE = "tandem-tls-key-check".getBytes(StandardCharsets.US_ASCII);

    private PemFiles() {
    }

    /** @throws CertificateException if the file holds no readable certificate */
    static X509Certificate[] certificates(File file) throws CertificateException {
        X509Certificate[] certificates = toX509Certificates(file);
        if (certificates == null || certificates.length == 0) {
            throw new CertificateException("no certificate in " + file);
        }
        return certificates;
    }

    /** @throws KeyException if the file holds no readable private key (or the password is wrong) */
    static PrivateKey privateKey(File file, String password) throws KeyException {
        try {
            return toPrivateKey(file, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyException("cannot read the private key in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws KeyException if {@code key} does not belong to {@code certificate} (a signature made with it does not
     *                      verify with the certificate's public key); keys of algorithms other than EC, RSA, Ed25519
     *                      and Ed448 are not checked
     */
    static void requireMatch(PrivateKey key, X509Certificate certificate) throws KeyException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            if (!verifier.verify(signature)) {
                throw new KeyException("the private key does not belong to the certificate "
                        + certificate.getSubjectX500Principal().getName());
            }
        } catch (GeneralSecurityException e) {
            if (e instanceof KeyException keyException) {
                throw keyException;
            }
            throw new KeyException("the private key does not belong to the certificate "
                    + certificate.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
        }
    }
}
