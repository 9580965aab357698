package io.tandem.bench.e2e.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the broker software is, as resolved by the benchmarks module's build: the RocketMQ and Kafka class paths
 * (files under {@code target/classpath/}, written by separate Maven builds of {@code src/brokers/*}) and the Tandem
 * broker's executable jar (built by mq-server), with the versions they are.
 */
public record Locations(Path rocketMqClassPathFile, Path kafkaClassPathFile, Path tandemServerJar,
                        String rocketMqVersion, String kafkaVersion, String tandemVersion) {

    private static final String RESOURCE = "/io/tandem/bench/e2e/locations.properties";
    private static final String BUILD_HINT = "build it with: ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests";

    /** The locations this build of the harness was made with. */
    public static Locations ofThisBuild() {
        Properties properties = new Properties();
        try (InputStream in = Locations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; " + BUILD_HINT);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(properties);
    }

    /** Locations written by {@link #store(Path)}. */
    public static Locations load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read locations from " + file, e);
        }
        return of(properties);
    }

    public void store(Path file) {
        Properties properties = new Properties();
        properties.setProperty("rocketmq.classpath", rocketMqClassPathFile.toString());
        properties.setProperty("kafka.classpath", kafkaClassPathFile.toString());
        properties.setProperty("tandem.server.jar", tandemServerJar.toString());
        properties.setProperty("rocketmq.version", rocketMqVersion);
        properties.setProperty("kafka.version", kafkaVersion);
        properties.setProperty("tandem.version", tandemVersion);
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "Broker software of one comparison");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write locations to " + file, e);
        }
    }

    /**
     * Copies what a rebuild of the working tree would replace (the Tandem broker's jar and the class-path files)
     * into {@code directory}, so that a comparison keeps running the software it started with.
     */
    public Locations copyTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path jar = Files.copy(requireTandemServerJar(), directory.resolve(tandemServerJar.getFileName()));
        Path rocketMq = directory.resolve("rocketmq.txt");
        Files.writeString(rocketMq, rocketMqClassPath(), StandardCharsets.UTF_8);
        Path kafka = directory.resolve("kafka.txt");
        Files.writeString(kafka, kafkaClassPath(), StandardCharsets.UTF_8);
        return new Locations(rocketMq, kafka, jar, rocketMqVersion, kafkaVersion, tandemVersion);
    }

    private static Locations of(Properties properties) {
        return new Locations(Path.of(properties.getProperty("rocketmq.classpath")),
                Path.of(properties.getProperty("kafka.classpath")), Path.of(properties.getProperty("tandem.server.jar")),
                properties.getProperty("rocketmq.version"), properties.getProperty("kafka.version"),
                properties.getProperty("tandem.version"));
    }

    public String rocketMqClassPath() {
        return read(rocketMqClassPathFile, "the RocketMQ broker's class path");
    }

    public String kafkaClassPath() {
        return read(kafkaClassPathFile, "the Kafka broker's class path");
    }

    public Path requireTandemServerJar() {
        if (!Files.isRegularFile(tandemServerJar)) {
            throw new IllegalStateException("the Tandem broker's executable jar " + tandemServerJar
                    + " does not exist; " + BUILD_HINT);
        }
        return tandemServerJar;
    }

    private static String read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " (" + file + ") has not been resolved; " + BUILD_HINT);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " from " + file, e);
        }
    }
}
