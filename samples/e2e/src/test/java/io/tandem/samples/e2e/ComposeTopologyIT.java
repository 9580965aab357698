package io.tandem.samples.e2e;

import io.tandem.samples.e2e.SampleTopology.Service;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} runs the sample services as {@link MoneyTransferIT} runs them (no container engine runs
 * here, so the end-to-end test starts the same topology as processes): each service from the jar the build produces,
 * on the Java release the test gives it, with the same environment variables, on the port its
 * {@code application.properties} and the README name, and in a PostgreSQL schema of its own that the database's
 * init script creates.
 */
class ComposeTopologyIT {

    @Test
    void composeRunsTheServicesTheEndToEndTestStarts() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        String init = Files.readString(SampleTopology.ROOT.resolve("samples/postgres-init.sql"));
        List<String> postgresVolumes = strings(map(services.get("postgres")).get("volumes"));
        assertThat(postgresVolumes).contains("./samples/postgres-init.sql:/docker-entrypoint-initdb.d/samples.sql:ro");
        Map<String, Object> broker = map(services.get("broker"));

        for (Service service : SampleTopology.SERVICES) {
            assertThat(services).as("compose services").containsKey(service.name());
            Map<String, Object> compose = map(services.get(service.name()));
            String inContainer = "/opt/tandem/" + service.name() + ".jar";

            assertThat(compose.get("image")).as("%s's image", service.name()).isEqualTo(service.image());
            assertThat(strings(compose.get("volumes"))).as("%s's volumes", service.name())
                    .containsExactly("./" + service.jar() + ":" + inContainer + ":ro");
            assertThat(service.jarPath()).isRegularFile();
            assertThat(strings(compose.get("command"))).as("%s's command", service.name())
                    .startsWith("java").endsWith("-jar", inContainer);

            Map<String, Object> environment = map(compose.get("environment"));
            assertThat(environment).as("%s's environment", service.name())
                    .containsKeys(SampleTopology.SERVICE_ENVIRONMENT.toArray(String[]::new));
            // In the broker's network: the name server and the broker's advertised address are on its loopback.
            assertThat(compose.get("network_mode")).isEqualTo("service:broker");
            assertThat(environment.get("TANDEM_MQ_NAMESERVER")).isEqualTo("127.0.0.1:" + SampleTopology.NAME_SERVER_PORT);
            assertThat(strings(broker.get("ports"))).contains(
                    "127.0.0.1:" + SampleTopology.NAME_SERVER_PORT + ":" + SampleTopology.NAME_SERVER_PORT,
                    "127.0.0.1:" + service.port() + ":" + service.port());
            assertThat(environment.get("SPRING_DATASOURCE_URL").toString())
                    .startsWith("jdbc:postgresql://postgres:5432/")
                    .endsWith("?currentSchema=" + service.name());
            assertThat(init).contains("CREATE SCHEMA " + service.name() + ";");
            assertThat(map(compose.get("depends_on"))).containsKeys("postgres", "broker");

            Properties application = new Properties();
            try (Reader reader = Files.newBufferedReader(SampleTopology.ROOT.resolve(
                    "samples/" + service.name() + "/src/main/resources/application.properties"))) {
                application.load(reader);
            }
            assertThat(application.getProperty("server.port")).as("%s's server.port", service.name())
                    .isEqualTo(Integer.toString(service.port()));
            assertThat(environment).doesNotContainKey("SERVER_PORT");
        }
    }

    private static Map<String, Object> compose() throws IOException {
        Path file = SampleTopology.ROOT.resolve("docker-compose.yml");
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<String>) value;
    }
}
