package io.tandem.server.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A Tandem node ({@link ChaosNode}, this JVM's class path) in its own JVM inside one host of {@link Namespaces},
 * configured only by the application's {@code --tandem.*} command-line properties, as an operator would run it; its
 * output goes to a log file. Faults: {@link #kill()} (SIGKILL), {@link #pause()} and {@link #resume()} (SIGSTOP
 * and SIGCONT), {@link #stop} (SIGTERM, a clean stop). {@code ip netns exec} replaces itself with the JVM, so the
 * signals reach the JVM. Not thread-safe.
 */
final class NodeProcess implements AutoCloseable {

    private final String name;
    private final String address;
    private final int port;
    private final Process process;
    private final Path log;

    private NodeProcess(String name, String address, int port, Process process, Path log) {
        this.name = name;
        this.address = address;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the application in {@code host} with {@code properties} ({@code --key=value}); it counts as ready once
     * {@code address:port} accepts connections from the root namespace ({@link #awaitListening}).
     */
    static NodeProcess start(Namespaces hosts, int host, String name, int port, Path logDirectory,
                             List<String> properties) throws IOException {
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ChaosNode.class.getName()));
        command.addAll(properties);
        Process process = new ProcessBuilder(hosts.inside(host, command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new NodeProcess(name, hosts.address(host), port, process, log);
    }

    /** Waits until the node's main listener accepts connections; fails naming the log if it exits first. */
    NodeProcess awaitListening(Duration timeout) {
        await("%s listening on %s:%d (log %s)".formatted(name, address, port, log)).atMost(timeout)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue()
                                + " before it listened; see " + log);
                    }
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, port), 500);
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        return this;
    }

    String name() {
        return name;
    }

    /** host:port of the node's main listener (name server or broker). */
    String endpoint() {
        return address + ":" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, nothing unregistered, nothing flushed beyond the page cache. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM and waits for the clean stop; fails naming the log if it takes longer than {@code timeout}. */
    void stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not stop within " + timeout + "; see " + log);
        }
    }

    /** SIGSTOP: the JVM freezes, its sockets stay open. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " (" + name + ") failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                resume();
            } catch (IOException ignored) {
                // SIGKILL below works on a stopped process too
            }
            kill();
        }
    }
}
