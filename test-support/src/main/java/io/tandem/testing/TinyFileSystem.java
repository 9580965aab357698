package io.tandem.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs the test mounts itself, so that a real "no space left on device" can be reached in seconds. Needs
 * root on Linux (as in CI); elsewhere {@link #mount} skips the test with a message saying so. {@link #close()}
 * unmounts it (lazily if files are still mapped).
 */
public final class TinyFileSystem implements AutoCloseable {

    private final Path mountPoint;

    private TinyFileSystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code sizeBytes} at {@code mountPoint} (an empty directory), or skips the test. */
    public static TinyFileSystem mount(Path mountPoint, long sizeBytes) throws IOException, InterruptedException {
        Assumptions.assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"),
                "a tiny file system is mounted with tmpfs, which needs Linux");
        Files.createDirectories(mountPoint);
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755", "tmpfs",
                mountPoint.toString());
        Assumptions.assumeTrue(output == null, () -> "cannot mount a tmpfs at " + mountPoint
                + " (mounting needs root, as the CI runs tests): " + output);
        return new TinyFileSystem(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /**
     * Writes a file of {@code name} until the file system is full, leaving {@code leaveBytes} free (rounded to
     * 4 KiB pages).
     */
    public Path fill(String name, long leaveBytes) throws IOException {
        Path filler = mountPoint.resolve(name);
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (Files.getFileStore(mountPoint).getUsableSpace() > leaveBytes + chunk.length) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            if (!e.getMessage().toLowerCase(Locale.ROOT).contains("no space left")) {
                throw e;
            }
        }
        return filler;
    }

    public long usableBytes() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", mountPoint.toString()) != null) {
            // Files of the store may still be mapped until the garbage collector releases them.
            String lazy = run("umount", "-l", mountPoint.toString());
            if (lazy != null) {
                throw new IOException("cannot unmount " + mountPoint + ": " + lazy);
            }
        }
    }

    /** @return null on success, else what the command printed */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish within 30 s";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited with " + process.exitValue()
                + ": " + output;
    }
}
