package io.tandem.bench.e2e.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a comparison ran on, read from {@code /proc} and {@code /sys} (Linux).
 *
 * @param cpu         processor model
 * @param cores       processors available to the JVM
 * @param memoryGiB   total memory
 * @param os          distribution name
 * @param kernel      kernel release
 * @param disk        file system, device and whether it is rotational, for the directory the brokers write to
 * @param java        the JVM running the comparison (and the Tandem and Kafka brokers)
 * @param loadAverage 1/5/15-minute load averages when the comparison started
 */
public record Machine(String cpu, int cores, double memoryGiB, String os, String kernel, String disk, String java,
                      String loadAverage) {

    /** Describes this machine, with the disk holding {@code dataDirectory}. */
    public static Machine describe(Path dataDirectory) {
        return new Machine(readCpu(), Runtime.getRuntime().availableProcessors(), readMemoryGiB(), readOs(),
                read("/proc/sys/kernel/osrelease").orElse(System.getProperty("os.version")), readDisk(dataDirectory),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version(),
                read("/proc/loadavg").map(text -> String.join(" ", List.of(text.split("\\s+")).subList(0, 3)))
                        .orElse(String.format(Locale.ROOT, "%.2f",
                                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())));
    }

    /** One line for a report. */
    public String summary() {
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB memory, %s, Linux %s, disk: %s, JDK: %s, "
                + "load average at start: %s", cores, cpu, memoryGiB, os, kernel, disk, java, loadAverage);
    }

    private static String readCpu() {
        return lines("/proc/cpuinfo").stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    }

    private static double readMemoryGiB() {
        return lines("/proc/meminfo").stream().filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024.0 * 1024.0)).findFirst().orElse(0.0);
    }

    private static String readOs() {
        return lines("/etc/os-release").stream().filter(line -> line.startsWith("PRETTY_NAME="))
                .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst()
                .orElse(System.getProperty("os.name"));
    }

    /** The mount with the longest mount point that contains {@code directory}, its device, and the device's type. */
    private static String readDisk(Path directory) {
        String path = directory.toAbsolutePath().normalize().toString();
        String bestMount = "";
        String bestDevice = "?";
        String bestType = "?";
        for (String line : lines("/proc/self/mounts")) {
            String[] fields = line.split(" ");
            if (fields.length < 3) {
                continue;
            }
            String mount = fields[1];
            boolean contains = path.equals(mount) || path.startsWith(mount.endsWith("/") ? mount : mount + "/");
            if (contains && mount.length() > bestMount.length()) {
                bestMount = mount;
                bestDevice = fields[0];
                bestType = fields[2];
            }
        }
        String device = bestDevice.startsWith("/dev/") ? bestDevice.substring("/dev/".length()) : bestDevice;
        String block = device.replaceAll("p?\\d+$", "");
        String rotational = read("/sys/block/" + block + "/queue/rotational")
                .map(value -> value.equals("1") ? "rotational" : "non-rotational").orElse("rotational: unknown");
        String model = block.startsWith("vd") ? "virtio block device"
                : read("/sys/block/" + block + "/device/model").orElse("model unknown");
        return String.format(Locale.ROOT, "%s on %s (%s, %s, %s)", bestType, bestDevice, model, rotational,
                "mounted at " + bestMount);
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
