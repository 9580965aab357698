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
        List<String> brokerSettings = tandemSettings(TandemBroker.arguments(Path.of("/data"), 1, 2, "sync", "uring"));

        assertThat(brokerSettings).hasSize(7);
        assertThat(declared()).containsAll(brokerSettings);
    }

    @Test
    void shouldStartBrokerGroupsWithSettingsTheServerDeclares() throws Exception {
        List<String> nameServer = tandemSettings(TandemGroups.nameServerArguments(1));
        List<String> broker = tandemSettings(TandemGroups.brokerArguments(Path.of("/data"), TandemGroups.brokerName(1),
                "127.0.0.1:1", 2, "sync", "uring"));

        assertThat(nameServer).contains("tandem.role");
        assertThat(broker).contains("tandem.role", "tandem.broker.name-servers", "tandem.broker.broker-name");
        assertThat(declared()).containsAll(nameServer).containsAll(broker);
        assertThat(TandemGroups.brokerArguments(Path.of("/data"), TandemGroups.brokerName(1), "127.0.0.1:1", 2, "sync",
                "uring")).contains("--tandem.role=broker", "--tandem.broker.broker-name=broker-b");
    }

    private static List<String> tandemSettings(List<String> arguments) {
        return arguments.stream().filter(argument -> argument.startsWith("--tandem."))
                .map(argument -> argument.substring(2, argument.indexOf('='))).toList();
    }

    private static Set<String> declared() throws Exception {
        Set<String> declared = new HashSet<>();
        try (InputStream in = TandemBrokerTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("mq-server's configuration metadata on the test class path").isNotNull();
            JsonNode metadata = JsonMapper.builder().build().readTree(in);
            metadata.get("properties").forEach(property -> declared.add(property.get("name").asString()));
        }
        return declared;
    }
}
