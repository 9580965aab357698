package io.tandem.spring.test;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tandem's broker in a child JVM ({@link MqTestBrokerProcess}) of a JDK 25 or later, for tests that run on an older
 * Java: on this JVM's class path (which holds the broker, as {@code tandem-spring-boot-starter-test} brings it) or
 * {@value #CLASSPATH_PROPERTY}, with the JDK found as {@link #findJavaHome()} says. The broker binds free ports of
 * 127.0.0.1; the process's output goes to a log file, named in every failure and kept when the process failed.
 *
 * <p>Thread-safe. {@link #close()} closes the process's standard input, on which it stops the broker and exits;
 * one that does not within {@link #STOP_TIMEOUT} is killed.
 */
final class ChildProcessBroker implements BrokerHandle {

    /** System property naming the JDK (25 or later) that runs the broker. */
    static final String JAVA_HOME_PROPERTY = "tandem.test.java-home";
    /** Environment variable naming that JDK, when the system property is not set. */
    static final String JAVA_HOME_VARIABLE = "TANDEM_TEST_JAVA_HOME";
    /** System property with the broker's class path, when it is not the test JVM's own. */
    static final String CLASSPATH_PROPERTY = "tandem.test.broker-classpath";

    static final int BROKER_JAVA = 25;
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"?(\\d+)", Pattern.MULTILINE);

    private final Process process;
    private final Path processDirectory;
    private final Path log;
    private final String nameServerAddress;
    private final String brokerAddress;

    private ChildProcessBroker(Process process, Path processDirectory, Path log, String nameServerAddress,
                               String brokerAddress) {
        this.process = process;
        this.processDirectory = processDirectory;
        this.log = log;
        this.nameServerAddress = nameServerAddress;
        this.brokerAddress = brokerAddress;
    }

    /**
     * Starts the child process with the broker storing under {@code directory} and waits until it serves.
     *
     * @throws IllegalStateException if no JDK 25 is found, or the process exits or stays silent for
     *                               {@link #START_TIMEOUT} (the message names its log)
     * @throws UncheckedIOException  if the process cannot be started
     */
    static ChildProcessBroker start(Path directory, String delayLevels, Duration transactionTimeout,
                                    boolean builtInCheckBack) {
        JavaHome java = findJavaHome();
        Path processDirectory;
        try {
            processDirectory = Files.createTempDirectory("tandem-test-broker-process");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the test broker's process", e);
        }
        Path log = processDirectory.resolve("broker.log");
        Path readyFile = processDirectory.resolve("ready.properties");
        List<String> command = new ArrayList<>(List.of(java.executable().toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", brokerClassPath(), MqTestBrokerProcess.class.getName(),
                "--directory=" + directory, "--ready-file=" + readyFile,
                "--delay-levels=" + delayLevels,
                "--transaction-timeout=" + (transactionTimeout == null ? "" : transactionTimeout.toMillis()),
                "--built-in-check-back=" + builtInCheckBack));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test broker's process with " + java.executable()
                    + " (" + java.source() + ")", e);
        }
        try {
            Properties ready = awaitReady(process, readyFile, log, java);
            return new ChildProcessBroker(process, processDirectory, log,
                    ready.getProperty(MqTestBrokerProcess.NAME_SERVER), ready.getProperty(MqTestBrokerProcess.BROKER));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static Properties awaitReady(Process process, Path readyFile, Path log, JavaHome java) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (!Files.exists(readyFile)) {
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("The test broker's process (" + java.executable() + ", "
                            + java.source() + ") exited with code " + process.exitValue()
                            + " before it served; its output is in " + log);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("The test broker's process (pid " + process.pid() + ") did not"
                            + " serve within " + START_TIMEOUT.toSeconds() + " s and was stopped; its output is in "
                            + log);
                }
            }
            Properties ready = new Properties();
            try (InputStream in = Files.newInputStream(readyFile)) {
                ready.load(in);
            }
            return ready;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the test broker's process started; its output is in "
                    + log, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test broker's ready file " + readyFile
                    + "; its output is in " + log, e);
        }
    }

    /** The log file with the process's output. */
    Path log() {
        return log;
    }

    /** The process's id. */
    long pid() {
        return process.pid();
    }

    @Override
    public String nameServerAddress() {
        return nameServerAddress;
    }

    @Override
    public String brokerAddress() {
        return brokerAddress;
    }

    @Override
    public void close() {
        boolean clean = false;
        try {
            process.getOutputStream().close();
            clean = process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            // The process is gone already; its exit is checked below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (!clean) {
            throw new IllegalStateException("The test broker's process (pid " + process.pid() + ") did not stop"
                    + " cleanly within " + STOP_TIMEOUT.toSeconds() + " s and was killed; its output is in " + log);
        }
        MqTestBroker.deleteRecursively(processDirectory);
    }

    /** A JDK's {@code java} executable, and where it was named. */
    record JavaHome(Path executable, String source) {
    }

    /**
     * The JDK that runs the broker, the first of: this JVM when it is Java 25 or later; the system property
     * {@value #JAVA_HOME_PROPERTY}; the environment variable {@value #JAVA_HOME_VARIABLE}; a {@code jdk} toolchain of
     * version 25 or later in {@code ~/.m2/toolchains.xml}; the environment variable {@code JAVA_HOME} when it names
     * Java 25 or later (as it does for tests that Maven, itself on Java 25, forks on an older Java).
     *
     * @throws IllegalStateException if a named JDK is older than 25 or has no {@code bin/java}, or none is found
     */
    static JavaHome findJavaHome() {
        if (Runtime.version().feature() >= BROKER_JAVA) {
            return new JavaHome(Path.of(System.getProperty("java.home"), "bin", "java"), "the test JVM");
        }
        String property = System.getProperty(JAVA_HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            return checkedJavaHome(Path.of(property), "the system property " + JAVA_HOME_PROPERTY);
        }
        String variable = System.getenv(JAVA_HOME_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return checkedJavaHome(Path.of(variable), "the environment variable " + JAVA_HOME_VARIABLE);
        }
        Path toolchains = Path.of(System.getProperty("user.home"), ".m2", "toolchains.xml");
        Optional<Path> toolchain = toolchainJdk(toolchains);
        if (toolchain.isPresent()) {
            return checkedJavaHome(toolchain.get(), "the jdk toolchain in " + toolchains);
        }
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank() && featureVersion(Path.of(javaHome)) >= BROKER_JAVA) {
            return checkedJavaHome(Path.of(javaHome), "the environment variable JAVA_HOME");
        }
        throw new IllegalStateException("Tandem's test broker needs Java " + BROKER_JAVA + " or later and these tests"
                + " run on Java " + Runtime.version() + ", so it runs in a child process of a JDK " + BROKER_JAVA
                + ", but none was found: name its directory with the system property " + JAVA_HOME_PROPERTY
                + " or the environment variable " + JAVA_HOME_VARIABLE + ", declare it as a jdk toolchain of version "
                + BROKER_JAVA + " in " + toolchains + ", or run the build with JAVA_HOME naming it");
    }

    static JavaHome checkedJavaHome(Path home, String source) {
        Path executable = home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(source + " names " + home + ", which has no " + executable.getFileName()
                    + " in bin: it should name a JDK " + BROKER_JAVA + " or later, for Tandem's test broker");
        }
        int feature = featureVersion(home);
        if (feature < BROKER_JAVA) {
            throw new IllegalStateException(source + " names " + home + ", which is "
                    + (feature < 0 ? "not a JDK with a release file" : "Java " + feature)
                    + ", but Tandem's test broker needs Java " + BROKER_JAVA + " or later");
        }
        return new JavaHome(executable, source + " (" + home + ")");
    }

    /** The major version in a JDK's {@code release} file, or -1 without one. */
    static int featureVersion(Path home) {
        try {
            Matcher matcher = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The home of the first {@code jdk} toolchain of version 25 or later in {@code toolchains}, if any. */
    static Optional<Path> toolchainJdk(Path toolchains) {
        if (!Files.isRegularFile(toolchains)) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(toolchains.toFile());
            NodeList toolchainElements = document.getElementsByTagName("toolchain");
            for (int i = 0; i < toolchainElements.getLength(); i++) {
                Element toolchain = (Element) toolchainElements.item(i);
                String version = text(toolchain, "version");
                String home = text(toolchain, "jdkHome");
                if ("jdk".equals(text(toolchain, "type")) && home != null && version != null
                        && leadingNumber(version) >= BROKER_JAVA) {
                    return Optional.of(Path.of(home));
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the toolchains " + toolchains + " to find a JDK "
                    + BROKER_JAVA + " for Tandem's test broker: " + e.getMessage(), e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    private static int leadingNumber(String version) {
        Matcher matcher = Pattern.compile("^\\[?(\\d+)").matcher(version);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    /**
     * {@value #CLASSPATH_PROPERTY}, or this JVM's class path with the entries of class-path-only jars (as Maven
     * Surefire and IDEs use to shorten long command lines) expanded.
     */
    static String brokerClassPath() {
        String configured = System.getProperty(CLASSPATH_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            entries.add(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                entries.addAll(manifestClassPath(Path.of(entry)));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        List<String> entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
                URI base = jar.toUri();
                for (String url : classPath.trim().split("\\s+")) {
                    if (!url.isEmpty()) {
                        entries.add(Path.of(base.resolve(url)).toString());
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not a jar with a readable manifest: the entry stands as it is.
        }
        return entries;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    @Override
    public String toString() {
        return "test broker process " + process.pid() + " (output in " + log + ")";
    }
}
