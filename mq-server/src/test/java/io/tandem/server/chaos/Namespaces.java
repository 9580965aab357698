package io.tandem.server.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hosts for process tests: {@code count} network namespaces ({@code ip netns}), each with a veth pair to one bridge in
 * the root namespace, addressed {@code 10.213.S.1} to {@code 10.213.S.count} on a /24 whose bridge is
 * {@code 10.213.S.254}, so that clients in the test JVM reach every host and the hosts reach each other. A host can
 * be cut off from the other hosts ({@link #isolate}) while the root namespace still reaches it, and healed.
 *
 * <p>Everything is named after this JVM's pid ({@code tdm-<pid>-...}); {@link #close()} deletes what it made, and
 * leftovers of an earlier JVM that was killed before its cleanup ran are deleted when the next one starts. Needs root
 * and iproute2; {@link #unavailableReason()} says why not when they are missing. Not thread-safe: one test drives it.
 */
final class Namespaces implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Pattern OURS = Pattern.compile("tdm-(\\d+)-\\d+-h\\d+");
    private static final Pattern OUR_LINK = Pattern.compile("^\\d+: (t(\\d+)x\\d+(?:br|v\\d+))[@:]",
            Pattern.MULTILINE);

    private final String token;
    private final int subnet;
    private final int count;
    private final List<String> namespaces = new ArrayList<>();
    private final Thread cleanup = new Thread(this::deleteQuietly, "namespaces-cleanup");
    private boolean closed;

    private Namespaces(String token, int subnet, int count) {
        this.token = token;
        this.subnet = subnet;
        this.count = count;
    }

    /**
     * Why namespaces cannot be made here (not root, no {@code ip}, or {@code ip netns add} refused), or empty when
     * they can.
     */
    static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root; running as " + System.getProperty("user.name"));
        }
        String probe = "tdm-" + ProcessHandle.current().pid() + "-probe";
        try {
            Result added = run("ip", "netns", "add", probe);
            if (added.exit != 0) {
                return Optional.of("ip netns add failed: " + added.output.strip());
            }
            run("ip", "netns", "delete", probe);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("iproute2 (ip) is not available: " + e.getMessage());
        }
    }

    /** Makes the bridge and {@code count} hosts on a /24 no interface of this machine uses yet. */
    static Namespaces create(int count) throws IOException {
        if (count < 1 || count > 200) {
            throw new IllegalArgumentException("count must be 1..200, was " + count);
        }
        deleteLeftovers();
        long pid = ProcessHandle.current().pid();
        String token = pid + "x" + INSTANCES.incrementAndGet();
        String used = run("ip", "-o", "-4", "addr", "show").output;
        int subnet = -1;
        for (int i = 0; i < 250 && subnet < 0; i++) {
            int candidate = (int) ((pid + i) % 250) + 1;
            if (!used.contains(" 10.213." + candidate + ".")) {
                subnet = candidate;
            }
        }
        if (subnet < 0) {
            throw new IOException("no free /24 under 10.213.0.0/16 for the test hosts");
        }
        Namespaces hosts = new Namespaces(token, subnet, count);
        Runtime.getRuntime().addShutdownHook(hosts.cleanup);
        try {
            hosts.build();
        } catch (IOException | RuntimeException e) {
            hosts.close();
            throw e;
        }
        return hosts;
    }

    private void build() throws IOException {
        String bridge = link("br");
        check("ip", "link", "add", bridge, "type", "bridge");
        check("ip", "addr", "add", "10.213." + subnet + ".254/24", "dev", bridge);
        check("ip", "link", "set", bridge, "up");
        for (int host = 1; host <= count; host++) {
            String namespace = "tdm-" + token.replace('x', '-') + "-h" + host;
            check("ip", "netns", "add", namespace);
            namespaces.add(namespace);
            String outside = link("v" + host);
            check("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", namespace);
            check("ip", "link", "set", outside, "master", bridge);
            check("ip", "link", "set", outside, "up");
            check("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
            check("ip", "netns", "exec", namespace, "ip", "addr", "add", address(host) + "/24", "dev", "eth0");
            check("ip", "netns", "exec", namespace, "ip", "link", "set", "eth0", "up");
        }
    }

    /** Host {@code host}'s address (hosts count from 1). */
    String address(int host) {
        requireHost(host);
        return "10.213." + subnet + "." + host;
    }

    /** The namespace of host {@code host}. */
    String namespace(int host) {
        requireHost(host);
        return namespaces.get(host - 1);
    }

    int count() {
        return count;
    }

    /** {@code command} as run inside host {@code host}'s namespace. */
    List<String> inside(int host, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Cuts host {@code host} off from every other host, both ways (packets between them are dropped, so open
     * connections stall rather than reset), while the root namespace, where the clients run, still reaches it.
     */
    void isolate(int host) throws IOException {
        for (int other = 1; other <= count; other++) {
            if (other != host) {
                check(inside(host, List.of("ip", "route", "add", "blackhole", address(other) + "/32")));
                check(inside(other, List.of("ip", "route", "add", "blackhole", address(host) + "/32")));
            }
        }
    }

    /** Undoes {@link #isolate}. */
    void heal(int host) throws IOException {
        for (int other = 1; other <= count; other++) {
            if (other != host) {
                check(inside(host, List.of("ip", "route", "del", "blackhole", address(other) + "/32")));
                check(inside(other, List.of("ip", "route", "del", "blackhole", address(host) + "/32")));
            }
        }
    }

    /** Deletes the hosts and the bridge; processes still running inside must have been killed first. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            deleteQuietly();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; it deletes nothing twice
            }
        }
    }

    private void deleteQuietly() {
        for (String namespace : namespaces) {
            runQuietly("ip", "netns", "delete", namespace);
        }
        runQuietly("ip", "link", "delete", link("br"));
    }

    private String link(String suffix) {
        return "t" + token + suffix;
    }

    private void requireHost(int host) {
        if (host < 1 || host > count) {
            throw new IllegalArgumentException("host must be 1.." + count + ", was " + host);
        }
    }

    /** Namespaces and links of JVMs that no longer run (killed before their cleanup ran). */
    private static void deleteLeftovers() throws IOException {
        for (String line : run("ip", "netns", "list").output.lines().toList()) {
            String name = line.split(" ")[0];
            Matcher ours = OURS.matcher(name);
            if (ours.matches() && ProcessHandle.of(Long.parseLong(ours.group(1))).isEmpty()) {
                runQuietly("ip", "netns", "delete", name);
            }
        }
        Matcher links = OUR_LINK.matcher(run("ip", "-o", "link", "show").output);
        while (links.find()) {
            if (ProcessHandle.of(Long.parseLong(links.group(2))).isEmpty()) {
                runQuietly("ip", "link", "delete", links.group(1));
            }
        }
    }

    private static void check(String... command) throws IOException {
        check(List.of(command));
    }

    private static void check(List<String> command) throws IOException {
        Result result = run(command.toArray(String[]::new));
        if (result.exit != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + result.exit + "): "
                    + result.output.strip());
        }
    }

    private static void runQuietly(String... command) {
        try {
            run(command);
        } catch (IOException ignored) {
            // cleanup: nothing left to do about it
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 30 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
    }
}
