package io.tandem.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PEM certificates for tests, made with the {@code openssl} command: a certificate authority, and certificates it
 * signs for the listeners ({@code 127.0.0.1} and {@code localhost}) and for clients. Keys are unencrypted PKCS#8
 * EC P-256 keys, as OpenSSL 3 writes them.
 */
public final class TestCertificates {

    private final Path directory;
    private final String authorityName;

    private TestCertificates(Path directory, String authorityName) {
        this.directory = directory;
        this.authorityName = authorityName;
    }

    /** A new certificate authority named {@code name}, its files in {@code directory}. */
    public static TestCertificates authority(Path directory, String name) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        TestCertificates authority = new TestCertificates(directory, name);
        openssl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-subj", "/CN=" + name, "-days", "2");
        return authority;
    }

    /** The authority's certificate (the file clients and listeners trust). */
    public Path certificate() {
        return directory.resolve(authorityName + ".crt");
    }

    /**
     * Issues a certificate for {@code name}, valid for 127.0.0.1 and localhost, and writes its chain and key to
     * {@code name.crt} and {@code name.key}, replacing any earlier ones by a rename (as certificate managers do).
     */
    public Issued issue(String name) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(directory, name + "-");
        Files.writeString(work.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n", StandardCharsets.US_ASCII);
        openssl(work, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "cert.key",
                "-out", "cert.csr", "-subj", "/CN=" + name);
        openssl(work, "x509", "-req", "-in", "cert.csr", "-CA", certificate().toString(), "-CAkey",
                directory.resolve(authorityName + ".key").toString(), "-CAcreateserial", "-out", "cert.crt",
                "-days", "2", "-extfile", "ext.cnf");
        Issued issued = new Issued(directory.resolve(name + ".crt"), directory.resolve(name + ".key"));
        Files.move(work.resolve("cert.key"), issued.privateKey(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.move(work.resolve("cert.crt"), issued.certificateChain(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return issued;
    }

    /** A certificate and its private key, PEM files. */
    public record Issued(Path certificateChain, Path privateKey) {
    }

    private static void openssl(Path workingDirectory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", arguments) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
