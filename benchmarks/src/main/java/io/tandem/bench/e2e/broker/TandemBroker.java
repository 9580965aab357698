package io.tandem.bench.e2e.broker;

import io.tandem.bench.e2e.Credentials;
import io.tandem.bench.e2e.Security;
import io.tandem.store.io.IoEngineKind;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Tandem's broker, run from mq-server's executable jar exactly as an operator would ({@code java -jar}), configured
 * with {@code tandem.broker.*} arguments: loopback ports, a fresh data directory, the durability and the I/O engine.
 * The management HTTP port is switched off. A signed target's broker has authentication and authorization on and
 * creates the run's user as its initial super user (the secret goes through the environment, not the command line);
 * a TLS target's broker serves TLS only ({@code tls.mode=enforcing}) with a self-signed certificate made by
 * {@code openssl} for the run.
 */
final class TandemBroker {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private TandemBroker() {
    }

    static SingleJvmBroker start(BrokerSettings settings, Security security, Credentials credentials)
            throws IOException, InterruptedException {
        IoEngineKind engine = Objects.requireNonNull(settings.ioEngine(), "Tandem needs an I/O engine");
        int nameServerPort = FreePorts.one();
        int brokerPort = FreePorts.one();
        List<String> arguments = new ArrayList<>(arguments(settings.directory().resolve("data"), nameServerPort,
                brokerPort, settings.durability().name().toLowerCase(Locale.ROOT),
                engine.name().toLowerCase(Locale.ROOT)));
        Map<String, String> environment = Map.of();
        if (security.signed()) {
            Objects.requireNonNull(credentials, "a signed run needs credentials");
            arguments.addAll(List.of(
                    "--tandem.broker.auth.authentication-enabled=true",
                    "--tandem.broker.auth.authorization-enabled=true",
                    "--tandem.broker.auth.initial-user.username=" + credentials.accessKey()));
            environment = Map.of("TANDEM_BROKER_AUTH_INITIALUSER_SECRET", credentials.secretKey());
        }
        if (security.tls()) {
            Path certificate = settings.directory().resolve("broker.crt");
            Path key = settings.directory().resolve("broker.key");
            selfSignedCertificate(certificate, key);
            arguments.addAll(List.of(
                    "--tandem.broker.tls.mode=enforcing",
                    "--tandem.broker.tls.certificate-chain=" + certificate,
                    "--tandem.broker.tls.private-key=" + key));
        }
        List<String> command = new ArrayList<>(List.of(settings.java().toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xms" + BrokerSettings.HEAP, "-Xmx" + BrokerSettings.HEAP,
                "-jar", settings.locations().requireTandemServerJar().toString()));
        command.addAll(arguments);
        long start = System.nanoTime();
        JvmProcess process = JvmProcess.start("tandem-broker", command, settings.directory(),
                settings.directory().resolve("tandem-broker.log"), environment);
        try {
            process.awaitPort(nameServerPort, START_TIMEOUT);
            process.awaitPort(brokerPort, START_TIMEOUT);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.stop();
            throw e;
        }
        Duration startTime = Duration.ofNanos(System.nanoTime() - start);
        return new SingleJvmBroker(process, "127.0.0.1:" + nameServerPort,
                "Tandem " + settings.locations().tandemVersion(),
                "durability=" + settings.durability() + ", store.io-engine=" + engine.name().toLowerCase(Locale.ROOT)
                        + (security == Security.NONE ? "" : ", security=" + security),
                Brokers.describeJava(settings.java()), startTime);
    }

    /** An EC P-256 certificate for 127.0.0.1 and its unencrypted PKCS#8 key, valid for two days. */
    private static void selfSignedCertificate(Path certificate, Path key) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", certificate.toString())
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl could not make the broker's certificate: " + output.strip());
        }
    }

    /** The application arguments; their names are checked against the broker's property metadata by a test. */
    static List<String> arguments(Path dataDirectory, int nameServerPort, int brokerPort, String durability,
                                  String ioEngine) {
        return List.of(
                "--tandem.broker.data-directory=" + dataDirectory,
                "--tandem.broker.bind-address=127.0.0.1",
                "--tandem.broker.advertised-host=127.0.0.1",
                "--tandem.broker.name-server-port=" + nameServerPort,
                "--tandem.broker.broker-port=" + brokerPort,
                "--tandem.broker.durability=" + durability,
                "--tandem.broker.store.io-engine=" + ioEngine,
                "--management.server.port=-1",
                "--spring.main.banner-mode=off");
    }
}
