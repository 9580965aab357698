package io.tandem.app;

import io.tandem.server.boot.BrokerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the repository's {@code docker-compose.yml} without a container engine: the jars it mounts
 * are the ones the build produces, and every {@code tandem.broker.*} argument it gives the broker is a real, valid
 * setting.
 */
class DockerComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void shouldMountTheJarsTheBuildProduces() throws IOException {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("postgres", "broker", "coordinator");
        for (String service : List.of("broker", "coordinator")) {
            List<String> volumes = strings(service(services, service).get("volumes"));
            String jar = volumes.stream().filter(volume -> volume.endsWith(".jar:ro")).findFirst().orElseThrow();
            Path host = ROOT.resolve(jar.substring(0, jar.indexOf(':')));
            assertThat(host).as("jar mounted into %s", service).isRegularFile();
        }
    }

    @Test
    void shouldGiveTheBrokerOnlyValidSettings() throws IOException {
        List<String> command = strings(service(services(), "broker").get("command"));
        Map<String, String> settings = new LinkedHashMap<>();
        for (String argument : command) {
            if (argument.startsWith("--tandem.broker.")) {
                String[] pair = argument.substring(2).split("=", 2);
                settings.put(pair[0], pair[1]);
            }
        }
        assertThat(settings).containsKeys("tandem.broker.bind-address", "tandem.broker.check-back.built-in");
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
        BrokerProperties properties = binder.bind("tandem.broker", Bindable.of(BrokerProperties.class), strict)
                .orElseThrow(() -> new AssertionError("no tandem.broker settings bound"));
        assertThat(properties.toBrokerConfig().builtInCheckBack()).as("the coordinator service checks back")
                .isFalse();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Object>) compose.get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> services, String name) {
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }
}
