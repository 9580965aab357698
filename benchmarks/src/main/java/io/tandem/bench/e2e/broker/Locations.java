package io.tandem.bench.e2e.broker;

import java.io.IOException;
import java.io.InputStream;
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
