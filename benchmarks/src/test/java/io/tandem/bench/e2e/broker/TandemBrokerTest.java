package io.tandem.bench.e2e.broker;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TandemBrokerTest {

    @Test
    void shouldPassOnlySettingsTheBrokerDeclares() throws Exception {
        Set<String> declared = new HashSet<>();
        try (InputStream in = TandemBrokerTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("mq-server's configuration metadata on the test class path").isNotNull();
            JsonNode metadata = JsonMapper.builder().build().readTree(in);
            metadata.get("properties").forEach(property -> declared.add(property.get("name").asString()));
        }

        List<String> arguments = TandemBroker.arguments(Path.of("/data"), 1, 2, "sync", "uring");

        List<String> brokerSettings = arguments.stream().filter(argument -> argument.startsWith("--tandem."))
                .map(argument -> argument.substring(2, argument.indexOf('='))).toList();
        assertThat(brokerSettings).hasSize(7);
        assertThat(declared).containsAll(brokerSettings);
    }
}
