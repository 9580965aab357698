package io.tandem.samples.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The processes of the money-transfer sample, as the end-to-end test starts them and as {@code docker-compose.yml}
 * describes them: {@code ComposeTopologyTest} holds the two together.
 */
final class SampleTopology {

    /** The repository's root (the tests run in {@code samples/e2e}). */
    static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();

    static final String VERSION = System.getProperty("tandem.version", "0.1.0-SNAPSHOT");

    /** The environment variables every service is configured with; compose may add others (the bind address). */
    static final List<String> SERVICE_ENVIRONMENT = List.of(
            "TANDEM_MQ_NAMESERVER", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD");

    /** The broker's name-server port in compose (the e2e test takes a free one). */
    static final int NAME_SERVER_PORT = 9876;

    static final Service ACCOUNTS = new Service("accounts", 8091, 17);
    static final Service LEDGER = new Service("ledger", 8092, 25);
    static final Service NOTIFICATIONS = new Service("notifications", 8093, 25);

    static final List<Service> SERVICES = List.of(ACCOUNTS, LEDGER, NOTIFICATIONS);

    private SampleTopology() {
    }

    /** tandem-app's executable jar. */
    static Path tandemAppJar() {
        return ROOT.resolve("tandem-app/target/tandem-app-" + VERSION + ".jar");
    }

    /**
     * A sample service.
     *
     * @param port its HTTP port in compose and in the README (the e2e test takes a free one)
     * @param javaRelease the Java runtime it runs on in compose and, when that JDK is installed, in the e2e test
     */
    record Service(String name, int port, int javaRelease) {

        /** The jar relative to the repository's root, as compose mounts it. */
        String jar() {
            return "samples/" + name + "/target/" + name + "-" + VERSION + ".jar";
        }

        Path jarPath() {
            Path jar = ROOT.resolve(jar());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + jar + ": build it with ./mvnw -B -ntp package -pl samples/"
                        + name + " -am -DskipTests (this test runs in the verify phase, after package)");
            }
            return jar;
        }

        /** The image compose runs it in. */
        String image() {
            return "eclipse-temurin:" + javaRelease + "-jre";
        }
    }
}
