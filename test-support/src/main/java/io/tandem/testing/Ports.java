package io.tandem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 for a test to hand to a process (or a component) that binds them later, maybe much later: a
 * broker member binds its replication port only when it is elected leader. A port the kernel handed out for a test's
 * {@code new ServerSocket(0)} lies in its ephemeral range, from which every outgoing connection takes its local port
 * too, so any connection opened before the owner binds can take it and the bind fails ("Address already in use") for
 * as long as that connection lasts. These come from below that range instead, are free when handed out, and are not
 * handed out twice by one JVM. Test JVMs that run side by side (Surefire's forks, numbered by the system property
 * {@value #FORK_PROPERTY}) each take their ports from a slice of their own, so one fork cannot hand out a port another
 * has handed out and not bound yet. Thread-safe.
 */
public final class Ports {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default start of the ephemeral range, where the kernel does not say. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32768;
    /** Below this are the well-known services of a development machine (databases, brokers). */
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    /** The system property that numbers a test JVM among those running side by side (1, 2, ...). */
    static final String FORK_PROPERTY = "tandem.test.fork";
    /** The range below the ephemeral one is cut into this many slices; fork N takes slice (N - 1) mod 4. */
    static final int SLICES = 4;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    /** One port, free on 127.0.0.1 now, outside the ephemeral range. */
    public static int unused() {
        return unusedRange(1);
    }

    /**
     * The first of {@code count} consecutive ports, each free on 127.0.0.1 now and outside the ephemeral range.
     *
     * @throws IllegalStateException when no such range was found
     */
    public static synchronized int unusedRange(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be 1 or more, was " + count);
        }
        int ephemeralLow = ephemeralLow();
        Range range = slice(System.getProperty(FORK_PROPERTY), ephemeralLow);
        int highest = range.to() - count;
        if (highest <= range.from()) {
            throw new IllegalStateException("no room for " + count + " ports between " + range.from() + " and "
                    + range.to() + " (below the ephemeral range starting at " + ephemeralLow + ")");
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(range.from(), highest);
            if (allFree(base, count)) {
                for (int port = base; port < base + count; port++) {
                    HANDED_OUT.add(port);
                }
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found on 127.0.0.1 between "
                + range.from() + " and " + range.to() + " in " + ATTEMPTS + " attempts");
    }

    /** Ports {@code from} (included) to {@code to} (excluded). */
    record Range(int from, int to) {
    }

    /**
     * The ports {@code [from, to)} this JVM hands out: all of those between {@link #LOWEST} and {@code ephemeralLow}
     * when {@code fork} is not set, else the slice of fork number {@code fork}.
     *
     * @throws IllegalArgumentException when {@code fork} is set but is not a positive whole number
     */
    static Range slice(String fork, int ephemeralLow) {
        if (fork == null || fork.isBlank()) {
            return new Range(LOWEST, ephemeralLow);
        }
        int number;
        try {
            number = Integer.parseInt(fork.strip());
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw new IllegalArgumentException(FORK_PROPERTY + " must be a whole number from 1, was '" + fork + "'");
        }
        int width = (ephemeralLow - LOWEST) / SLICES;
        int from = LOWEST + ((number - 1) % SLICES) * width;
        return new Range(from, from + width);
    }

    private static boolean allFree(int base, int count) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int port = base; port < base + count; port++) {
            if (HANDED_OUT.contains(port)) {
                return false;
            }
            try (ServerSocket ignored = new ServerSocket(port, 1, loopback)) {
                // bound, so free now
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** The first port of the kernel's ephemeral range. */
    static int ephemeralLow() {
        if (!Files.isReadable(EPHEMERAL_RANGE)) {
            return DEFAULT_EPHEMERAL_LOW;
        }
        try {
            // Read by lines: a whole-file read of a /proc file can stop after its first byte.
            String[] bounds = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(bounds[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + EPHEMERAL_RANGE, e);
        } catch (RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }
}
