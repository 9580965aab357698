package io.tandem.app.txn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A separate JVM running a main class of the test class path: its standard output and error go, line by line, to a
 * handler on a reader thread (a line the handler throws on is remembered and skipped); its standard input stays open
 * until {@link #closeInput()}. {@link #kill()} sends SIGKILL ({@link ProcessHandle#destroyForcibly()}) and returns the
 * exit code once the output is read to its end.
 */
final class ChildJvm implements AutoCloseable {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int TAIL_LINES = 40;

    private final Process process;
    private final Thread reader;
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<String> handlerFailures = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process, Consumer<String> onLine) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("child-jvm-" + process.pid()).start(() -> read(onLine));
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM with this JVM's class path and a small heap.
     *
     * @param onLine called on the reader thread with every line the child prints
     */
    static ChildJvm start(Class<?> mainClass, List<String> args, Consumer<String> onLine) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(args);
        try {
            return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start(), onLine);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + mainClass.getName(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the JVM with SIGKILL and waits until it is gone and its output has been read to the end.
     *
     * @return its exit code (137 = 128 + SIGKILL)
     */
    int kill() {
        // Through the process handle: Process.destroyForcibly() sends the same SIGKILL but also closes our end of the
        // child's output, dropping whatever the reader had not read yet.
        process.toHandle().destroyForcibly();
        return awaitExit();
    }

    /** Closes the child's standard input (the child programs of these tests take that as "stop"). */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the JVM to exit and its output to be read; returns its exit code. */
    int awaitExit() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child JVM " + process.pid() + " did not exit within " + EXIT_TIMEOUT
                        + "; last output:\n" + tail());
            }
            if (!reader.join(EXIT_TIMEOUT)) {
                throw new AssertionError("the output of child JVM " + process.pid() + " was not read to its end within "
                        + EXIT_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for child JVM " + process.pid(), e);
        }
        return process.exitValue();
    }

    /** Lines the handler failed on, with the failure; the reader goes on after them. */
    List<String> handlerFailures() {
        return List.copyOf(handlerFailures);
    }

    /** The last lines the child printed, for failure messages. */
    String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** Kills the JVM if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void read(Consumer<String> onLine) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
                try {
                    onLine.accept(line);
                } catch (RuntimeException e) {
                    handlerFailures.add("line '" + line + "': " + e);
                }
            }
        } catch (IOException e) {
            // the pipe closed with the process
        }
    }
}
