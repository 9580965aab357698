package io.tandem.bench.e2e;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Where the time went in a flight recording such as {@link Load} {@code --jfr} writes: CPU use of the JVM and the
 * machine, method samples by thread, by top frame (self) and by every frame on the stack (total), allocation by class
 * and site, time blocked on monitors and parked, socket I/O and GC pauses. What {@code jfr print} and
 * {@code jfr summary} give in pieces, added up.
 *
 * <pre>
 * java @benchmarks/target/e2e.args io.tandem.bench.e2e.ProfileSummary /tmp/jfr/async-1024-async-tandem-uring-tandem-broker.jfr
 * </pre>
 */
@Command(name = "ProfileSummary", sortOptions = false,
        description = "Adds up a JFR recording: CPU, hot methods (self and total) by thread, allocation, "
                + "contention, socket I/O, GC.")
public final class ProfileSummary implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--top", defaultValue = "25", description = "rows per table (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--threads", description = "only samples of threads whose name matches this regular expression")
    Pattern threads;

    @Option(names = "--depth", defaultValue = "1", description = "frames of the stack shown in the self table "
            + "(default: ${DEFAULT-VALUE})")
    int depth;

    @Parameters(arity = "1..*", description = "JFR files")
    List<Path> files;

    public static void main(String[] args) {
        System.exit(Load.commandLine(new ProfileSummary()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        for (Path file : files) {
            summarize(file);
        }
        return 0;
    }

    private void summarize(Path file) throws IOException {
        Tally byThread = new Tally();
        Tally nativeSamples = new Tally();
        Tally self = new Tally();
        Tally total = new Tally();
        Tally allocationByClass = new Tally();
        Tally allocationBySite = new Tally();
        Tally monitors = new Tally();
        Tally parks = new Tally();
        Tally socket = new Tally();
        Map<String, long[]> socketBytes = new HashMap<>();
        double jvmCpu = 0;
        double machineCpu = 0;
        int cpuSamples = 0;
        long gcPauses = 0;
        Duration gcPauseTime = Duration.ZERO;
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            switch (event.getEventType().getName()) {
                case "jdk.NativeMethodSample" -> {
                    String thread = threadName(event.getThread("sampledThread"));
                    if (threads == null || threads.matcher(thread).find()) {
                        nativeSamples.add(threadGroup(thread) + " in " + topFrames(event.getStackTrace(), 1), 1);
                    }
                }
                case "jdk.ExecutionSample" -> {
                    String thread = threadName(event.getThread("sampledThread"));
                    if (threads != null && !threads.matcher(thread).find()) {
                        continue;
                    }
                    samples++;
                    byThread.add(threadGroup(thread), 1);
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    List<RecordedFrame> frames = stack.getFrames();
                    StringBuilder key = new StringBuilder();
                    for (int i = 0; i < Math.min(depth, frames.size()); i++) {
                        key.append(i == 0 ? "" : " <- ").append(frame(frames.get(i)));
                    }
                    self.add(key.toString(), 1);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame recorded : frames) {
                        String name = frame(recorded);
                        if (seen.add(name)) {
                            total.add(name, 1);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = event.getLong("weight");
                    allocationByClass.add(event.getClass("objectClass").getName(), weight);
                    allocationBySite.add(topFrames(event.getStackTrace(), 2), weight);
                }
                case "jdk.JavaMonitorEnter" -> monitors.add(event.getClass("monitorClass").getName() + " at "
                        + topFrames(event.getStackTrace(), 2), event.getDuration().toNanos());
                case "jdk.ThreadPark" -> {
                    String parked = event.getClass("parkedClass") == null ? "?" : event.getClass("parkedClass").getName();
                    parks.add(parked + " at " + topFrames(event.getStackTrace(), 3), event.getDuration().toNanos());
                }
                case "jdk.SocketRead", "jdk.SocketWrite" -> {
                    boolean read = event.getEventType().getName().equals("jdk.SocketRead");
                    String key = (read ? "read  " : "write ") + threadGroup(threadName(event.getThread()));
                    socket.add(key, event.getDuration().toNanos());
                    long[] counts = socketBytes.computeIfAbsent(key, k -> new long[2]);
                    counts[0]++;
                    counts[1] += event.getLong(read ? "bytesRead" : "bytesWritten");
                }
                case "jdk.CPULoad" -> {
                    jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    machineCpu += event.getFloat("machineTotal");
                    cpuSamples++;
                }
                case "jdk.GarbageCollection" -> {
                    gcPauses++;
                    gcPauseTime = gcPauseTime.plus(event.getDuration("sumOfPauses"));
                }
                default -> {
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n== %s%n", file);
        if (cpuSamples > 0) {
            System.out.printf(Locale.ROOT, "CPU (of all cores): this JVM %.0f %%, machine %.0f %% (mean of %d samples); "
                            + "GC pauses: %d, %.0f ms in all%n", 100 * jvmCpu / cpuSamples,
                    100 * machineCpu / cpuSamples, cpuSamples, gcPauses, gcPauseTime.toNanos() / 1e6);
        }
        System.out.printf(Locale.ROOT, "%,d samples of threads running Java code (jdk.ExecutionSample)%n", samples);
        byThread.print("samples by thread (digits in names folded to #)", samples, top, "%");
        self.print("self: top frame" + (depth > 1 ? "s (" + depth + ")" : ""), samples, top, "%");
        total.print("total: on the stack", samples, top, "%");
        nativeSamples.print("threads in native code (jdk.NativeMethodSample, samples; mostly waiting)", 0, top / 2,
                "samples");
        allocationByClass.print("allocation by class (sampled weight)", allocationByClass.sum(), top / 2, "%");
        allocationBySite.print("allocation by site", allocationBySite.sum(), top / 2, "%");
        monitors.print("blocked entering monitors (ms, events over the threshold)", 0, top / 2, "ms");
        parks.print("parked (ms, events over the threshold)", 0, top / 2, "ms");
        if (!socketBytes.isEmpty()) {
            System.out.println("-- socket I/O (events over the threshold)");
            socketBytes.forEach((key, counts) -> System.out.printf(Locale.ROOT, "  %-48s %,9d calls %,12d bytes%n",
                    key, counts[0], counts[1]));
        }
    }

    private static String threadName(RecordedThread thread) {
        if (thread == null) {
            return "?";
        }
        return thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
    }

    private static String threadGroup(String name) {
        return name.replaceAll("\\d+", "#");
    }

    private static String frame(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        String type = method.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + method.getName();
    }

    private static String topFrames(RecordedStackTrace stack, int count) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "?";
        }
        StringBuilder text = new StringBuilder();
        List<RecordedFrame> frames = stack.getFrames();
        for (int i = 0; i < Math.min(count, frames.size()); i++) {
            text.append(i == 0 ? "" : " <- ").append(frame(frames.get(i)));
        }
        return text.toString();
    }

    /** Sums by key, printed largest first. */
    private static final class Tally {

        private final Map<String, Long> sums = new HashMap<>();

        void add(String key, long amount) {
            sums.merge(key, amount, Long::sum);
        }

        long sum() {
            return sums.values().stream().mapToLong(Long::longValue).sum();
        }

        /** @param unit "%" for shares of {@code whole}, "ms" for nanosecond sums shown in milliseconds, "samples" */
        void print(String title, long whole, int rows, String unit) {
            if (sums.isEmpty()) {
                return;
            }
            System.out.println("-- " + title);
            Map<String, Long> sorted = new LinkedHashMap<>();
            sums.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(rows)
                    .forEachOrdered(entry -> sorted.put(entry.getKey(), entry.getValue()));
            sorted.forEach((key, value) -> {
                if (unit.equals("samples")) {
                    System.out.printf(Locale.ROOT, "  %,7d  %s%n", value, key);
                } else if (unit.equals("%")) {
                    System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * value / Math.max(1, whole), key);
                } else {
                    System.out.printf(Locale.ROOT, "  %8.1f ms  %s%n", value / 1e6, key);
                }
            });
        }
    }
}
