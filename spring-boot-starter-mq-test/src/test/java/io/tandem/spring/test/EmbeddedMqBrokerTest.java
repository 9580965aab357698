package io.tandem.spring.test;

import io.tandem.client.ClientConfig;
import io.tandem.client.producer.Producer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = EmbeddedMqBrokerTest.App.class)
@EmbeddedMqBroker(topics = {"EmbeddedA", "EmbeddedB"}, queues = 2)
@DirtiesContext
class EmbeddedMqBrokerTest {

    @Autowired
    MqTestBroker broker;

    @Autowired
    Environment environment;

    @Autowired
    ClientConfig clientConfig;

    @Autowired
    Producer producer;

    @Test
    void shouldPointTheNameServerPropertyAtTheBrokerOnAFreePort() {
        assertThat(environment.getProperty("tandem.mq.name-server")).isEqualTo(broker.nameServerAddress());
        assertThat(clientConfig.nameServerAddresses()).containsExactly(broker.nameServerAddress());
        assertThat(broker.nameServerAddress()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:9876");
    }

    @Test
    void shouldMakeTheClientTimersFastForTheLocalBroker() {
        assertThat(clientConfig.routeRefreshInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(clientConfig.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(environment.getProperty("tandem.mq.consumer.rebalance-interval")).isEqualTo("1s");
    }

    @Test
    void shouldCreateTheListedTopicsWithTheirQueueCount() {
        assertThat(producer.publishQueues("EmbeddedA")).hasSize(2);
        assertThat(producer.publishQueues("EmbeddedB")).hasSize(2);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
