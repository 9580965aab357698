package io.tandem.bench.e2e.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by the harness, with standard output and error going to a log file. Stopping sends SIGTERM (so the
 * broker runs its own shutdown), waits, and only then kills.
 */
public final class JvmProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path logFile;
    private StopReport stopped;

    private JvmProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} (a java executable and its arguments) in {@code workingDirectory}.
     *
     * @param environment variables added to the harness's own environment
     */
    public static JvmProcess start(String name, List<String> command, Path workingDirectory, Path logFile,
                                   Map<String, String> environment) throws IOException {
        Files.createDirectories(workingDirectory);
        Files.writeString(logFile, "# " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        return new JvmProcess(name, builder.start(), logFile);
    }

    /** Runs {@code command} to its end, for tools such as Kafka's storage formatter; fails on a non-zero exit. */
    public static void runToCompletion(String name, List<String> command, Path workingDirectory, Path logFile,
                                       Duration timeout) throws IOException, InterruptedException {
        try (JvmProcess tool = start(name, command, workingDirectory, logFile, Map.of())) {
            if (!tool.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(name + " did not finish within " + timeout.toSeconds() + " s; see " + logFile);
            }
            if (tool.process.exitValue() != 0) {
                throw new IOException(name + " failed with exit code " + tool.process.exitValue() + ":\n"
                        + tool.logTail(20));
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until something accepts connections on {@code 127.0.0.1:port}.
     *
     * @throws IOException if the process ends first or the time runs out, with the end of its log
     */
    public void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + " before listening on port "
                        + port + ":\n" + logTail(30));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " did not listen on port " + port + " within " + timeout.toSeconds()
                            + " s:\n" + logTail(30));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Sends SIGTERM, waits up to 30 s for the JVM to exit, then kills it. Idempotent. */
    public synchronized StopReport stop() {
        if (stopped != null) {
            return stopped;
        }
        long start = System.nanoTime();
        boolean graceful;
        try {
            process.destroy();
            graceful = process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!graceful) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            graceful = false;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int exitCode = process.isAlive() ? Integer.MIN_VALUE : process.exitValue();
        stopped = new StopReport(name, took, exitCode, graceful);
        return stopped;
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), new ArrayList<>(all.subList(Math.max(0, all.size() - lines),
                    all.size())));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * How a process stopped.
     *
     * @param took     from SIGTERM to exit
     * @param exitCode the exit code (143 is a JVM that ran its shutdown hooks on SIGTERM)
     * @param graceful whether it exited on SIGTERM within the time allowed, without being killed
     */
    public record StopReport(String name, Duration took, int exitCode, boolean graceful) {
    }
}
