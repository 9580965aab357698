package io.tandem.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The program of a test broker's child process, which {@link MqTestBroker} starts when the tests run on a Java older
 * than the broker's 25: starts the broker (as {@link MqTestBroker} would in the test's JVM), writes its addresses to
 * the ready file, and runs until its standard input ends, that is until the test JVM closes it or exits, or until it
 * is terminated; then it stops the broker. Its data directory is the test JVM's to delete.
 *
 * <p>Arguments, each {@code --name=value}: {@code directory}, {@code ready-file}, and optionally
 * {@code delay-levels} (as {@link EmbeddedMqBroker#delayLevels()}), {@code transaction-timeout} (milliseconds) and
 * {@code built-in-check-back} ({@code true} or {@code false}). Exits with 2 on arguments it cannot use, and with 1
 * when the broker does not start.
 */
public final class MqTestBrokerProcess {

    static final String NAME_SERVER = "nameServer";
    static final String BROKER = "broker";

    private MqTestBrokerProcess() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                System.err.println("Not an option --name=value: " + arg);
                System.exit(2);
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        if (!options.containsKey("directory") || !options.containsKey("ready-file")) {
            System.err.println("--directory and --ready-file are required, got " + options.keySet());
            System.exit(2);
        }
        String timeout = options.getOrDefault("transaction-timeout", "");
        InProcessBroker broker;
        try {
            broker = InProcessBroker.start(Path.of(options.get("directory")),
                    MqTestBroker.parseDelayLevels(options.getOrDefault("delay-levels", "")),
                    timeout.isEmpty() ? null : Duration.ofMillis(Long.parseLong(timeout)),
                    Boolean.parseBoolean(options.getOrDefault("built-in-check-back", "true")));
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
            return;
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                broker.close();
                System.out.println("Tandem test broker stopped");
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "tandem-test-broker-stop"));
        writeReadyFile(Path.of(options.get("ready-file")), broker);
        System.out.println("Tandem test broker ready: name server " + broker.nameServerAddress() + ", broker "
                + broker.brokerAddress());
        waitForEndOfInput(System.in);
        stop.run();
        System.exit(0);
    }

    /** Written beside and then moved, so that the test JVM never reads half a file. */
    private static void writeReadyFile(Path readyFile, InProcessBroker broker) throws IOException {
        Properties ready = new Properties();
        ready.setProperty(NAME_SERVER, broker.nameServerAddress());
        ready.setProperty(BROKER, broker.brokerAddress());
        Path written = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(written)) {
            ready.store(out, "Tandem test broker");
        }
        Files.move(written, readyFile, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Nothing is sent; the end of the input is the signal.
            }
        } catch (IOException e) {
            System.out.println("Standard input failed (" + e + "); stopping");
        }
    }
}
