package io.tandem.bench.e2e.broker;

import io.tandem.bench.e2e.Credentials;
import io.tandem.bench.e2e.Target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Starts the broker of a {@link Target}. */
public final class Brokers {

    private Brokers() {
    }

    /**
     * Starts the broker of {@code target}.
     *
     * @param credentials the user a signed target's broker creates at its start; null unless the target is signed
     */
    public static BrokerProcess start(Target target, BrokerSettings settings, Credentials credentials)
            throws IOException, InterruptedException {
        return switch (target.broker()) {
            case TANDEM -> target.groups() > 0 ? TandemGroups.start(settings, target.groups())
                    : TandemBroker.start(settings, target.security(), credentials);
            case ROCKETMQ -> RocketMqBroker.start(settings);
            case KAFKA -> KafkaBroker.start(settings);
        };
    }

    /** The java executable of the running JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** "path (version)" of a java executable, asking it when it is not the running JVM's. */
    static String describeJava(Path java) {
        if (java.equals(currentJava())) {
            return java + " (" + Runtime.version() + ")";
        }
        try {
            Process process = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            process.waitFor(30, TimeUnit.SECONDS);
            String version = output.lines().map(String::trim).filter(line -> line.startsWith("java.runtime.version = "))
                    .map(line -> line.substring("java.runtime.version = ".length())).findFirst().orElse("unknown");
            return java + " (" + version + ")";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + java, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java + " (unknown)";
        }
    }

    /**
     * Whether every network interface that is up is a loopback one, as inside {@code unshare -n} after
     * {@code ip link set lo up}.
     */
    public static boolean onlyLoopbackIsUp() {
        try {
            return NetworkInterface.networkInterfaces().noneMatch(nic -> {
                try {
                    return nic.isUp() && !nic.isLoopback();
                } catch (SocketException e) {
                    return true;
                }
            });
        } catch (SocketException e) {
            return false;
        }
    }
}
