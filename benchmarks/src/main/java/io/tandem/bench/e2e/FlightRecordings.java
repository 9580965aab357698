package io.tandem.bench.e2e;

import io.tandem.bench.e2e.broker.JvmProcess;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JDK Flight Recorder recordings of one run's measurement window, with the {@code profile} settings (method samples
 * every 10 ms per thread, allocation samples, lock contention, socket and file I/O): one of the load generator's own
 * JVM, through {@link Recording}, and one of each broker JVM, started and stopped with {@code jcmd} (the broker JVMs
 * run unchanged until the window opens). Files are named {@code <run>-<process>.jfr}, e.g.
 * {@code async-1024-async-tandem-uring-tandem-broker.jfr} and {@code ...-load.jfr}.
 *
 * <p>Failures to start or stop a recording are printed and do not fail the run.
 */
final class FlightRecordings {

    static final String SETTINGS = "profile";
    /** The name of the recording in each broker JVM, for {@code JFR.stop}. */
    static final String RECORDING_NAME = "tandem-bench";
    private static final long JCMD_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final String run;
    private final Path jcmd;
    private final List<JvmProcess> brokers;
    private final PrintStream out;
    private final List<JvmProcess> recording = new ArrayList<>();
    private Recording own;

    /**
     * @param directory where the files go (created if missing)
     * @param run       the run's name, the files' prefix
     * @param jcmd      the jcmd executable of the JDK the brokers run on
     * @param brokers   the broker's JVMs
     */
    FlightRecordings(Path directory, String run, Path jcmd, List<JvmProcess> brokers, PrintStream out) {
        this.directory = directory;
        this.run = run;
        this.jcmd = jcmd;
        this.brokers = List.copyOf(brokers);
        this.out = out;
    }

    /** The file of {@code process}'s recording of {@code run}. */
    static Path file(Path directory, String run, String process) {
        return directory.resolve(run + "-" + process + ".jfr");
    }

    /** {@code jcmd <pid> JFR.start ...}: a recording with the profile settings that writes {@code file} when stopped. */
    static List<String> startCommand(Path jcmd, long pid, Path file) {
        return List.of(jcmd.toString(), Long.toString(pid), "JFR.start", "name=" + RECORDING_NAME,
                "settings=" + SETTINGS, "filename=" + file.toAbsolutePath());
    }

    /** {@code jcmd <pid> JFR.stop ...}: stops the recording, which writes its file. */
    static List<String> stopCommand(Path jcmd, long pid) {
        return List.of(jcmd.toString(), Long.toString(pid), "JFR.stop", "name=" + RECORDING_NAME);
    }

    /** Starts a recording in this JVM and in every broker JVM. */
    void start() throws IOException {
        Files.createDirectories(directory);
        try {
            own = new Recording(Configuration.getConfiguration(SETTINGS));
        } catch (ParseException e) {
            throw new IOException("JFR settings '" + SETTINGS + "' unreadable", e);
        }
        own.setName(RECORDING_NAME);
        own.setDestination(file(directory, run, "load"));
        own.start();
        for (JvmProcess broker : brokers) {
            if (jcmd(startCommand(jcmd, broker.pid(), file(directory, run, broker.name())))) {
                recording.add(broker);
            }
        }
    }

    /** Stops every recording started, which writes the files, and lists them; does nothing the second time. */
    void stop() {
        if (own == null) {
            return;
        }
        for (JvmProcess broker : recording) {
            jcmd(stopCommand(jcmd, broker.pid()));
        }
        own.stop();
        own.close();
        own = null;
        List<String> written = new ArrayList<>();
        written.add(file(directory, run, "load").toString());
        recording.forEach(broker -> written.add(file(directory, run, broker.name()).toString()));
        recording.clear();
        out.println("  flight recordings: " + String.join(", ", written));
    }

    private boolean jcmd(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                out.println("  " + String.join(" ", command) + " did not finish");
                return false;
            }
            if (process.exitValue() != 0) {
                out.println("  " + String.join(" ", command) + " failed: " + output.strip());
                return false;
            }
            return true;
        } catch (IOException e) {
            out.println("  " + String.join(" ", command) + " failed: " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
