package io.tandem.bench.e2e.broker;

import io.tandem.store.io.IoEngineKind;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Tandem's broker, run from mq-server's executable jar exactly as an operator would ({@code java -jar}), configured
 * with {@code tandem.broker.*} arguments: loopback ports, a fresh data directory, the durability and the I/O engine.
 * The management HTTP port is switched off.
 */
final class TandemBroker {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private TandemBroker() {
    }

    static SingleJvmBroker start(BrokerSettings settings) throws IOException, InterruptedException {
        IoEngineKind engine = Objects.requireNonNull(settings.ioEngine(), "Tandem needs an I/O engine");
        int nameServerPort = FreePorts.one();
        int brokerPort = FreePorts.one();
        List<String> arguments = arguments(settings.directory().resolve("data"), nameServerPort, brokerPort,
                settings.durability().name().toLowerCase(Locale.ROOT), engine.name().toLowerCase(Locale.ROOT));
        List<String> command = new ArrayList<>(List.of(settings.java().toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xms" + BrokerSettings.HEAP, "-Xmx" + BrokerSettings.HEAP,
                "-jar", settings.locations().requireTandemServerJar().toString()));
        command.addAll(arguments);
        long start = System.nanoTime();
        JvmProcess process = JvmProcess.start("tandem-broker", command, settings.directory(),
                settings.directory().resolve("tandem-broker.log"), Map.of());
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
                "durability=" + settings.durability() + ", store.io-engine=" + engine.name().toLowerCase(Locale.ROOT),
                Brokers.describeJava(settings.java()), startTime);
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
