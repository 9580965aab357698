package io.tandem.spring.health;

import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTestBroker;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The actuator of an application connected to a running broker reports Tandem UP with what it reached. */
@SpringBootTest(classes = MqHealthIndicatorIntegrationTest.App.class)
@EmbeddedMqBroker
@DirtiesContext
class MqHealthIndicatorIntegrationTest {

    @Autowired
    HealthContributorRegistry healthContributors;

    @Autowired
    MqTestBroker broker;

    @Test
    void shouldReportUpWithTheNameServerAndTheBrokersReached() {
        Health health = ((HealthIndicator) healthContributors.getContributor("tandem")).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("nameServers", List.of(broker.nameServerAddress()));
        assertThat(health.getDetails().get("brokers"))
                .asInstanceOf(InstanceOfAssertFactories.map(String.class, String.class))
                .containsValue(broker.brokerAddress());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
