package io.tandem.client.internal;

import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.QueueData;
import io.tandem.protocol.route.TopicRouteData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class TopicRoutesTest {

    private static TopicRouteData route(String... brokers) {
        List<QueueData> queues = new ArrayList<>();
        List<BrokerData> addresses = new ArrayList<>();
        for (int i = 0; i < brokers.length; i++) {
            queues.add(new QueueData(brokers[i], 2, 2, 6, 0));
            addresses.add(new BrokerData("c1", brokers[i], Map.of(0L, "127.0.0.1:" + (1000 + i)), null, false));
        }
        return new TopicRouteData(null, queues, addresses, Map.of());
    }

    @Test
    void shouldSpreadPublishAndReadQueuesOverEveryBrokerGroupOfTheRoute() {
        TopicRoutes routes = new TopicRoutes();

        assertThat(routes.put("t", route("broker-a", "broker-b"))).containsExactly("127.0.0.1:1000",
                "127.0.0.1:1001");

        assertThat(routes.readableQueues("t")).extracting(queue -> queue.brokerName() + "/" + queue.queueId())
                .containsExactly("broker-a/0", "broker-a/1", "broker-b/0", "broker-b/1");
        assertThat(routes.publishQueues("t").queues()).hasSize(4);
        assertThat(routes.publishQueues("t").next("broker-a").brokerName()).isEqualTo("broker-b");
    }

    @Test
    void shouldForgetABrokerGroupNoRouteNamesAnyMore() {
        TopicRoutes routes = new TopicRoutes();
        routes.put("t", route("broker-a", "broker-b"));
        routes.put("u", route("broker-a"));
        assertThat(routes.forgetUnroutedBrokers()).isEmpty();

        routes.put("t", route("broker-a"));

        assertThat(routes.forgetUnroutedBrokers()).containsExactly("127.0.0.1:1001");
        assertThat(routes.masterAddresses()).containsOnlyKeys("broker-a");
        assertThat(routes.masterAddress("broker-b")).isNull();
    }

    @Test
    void shouldNeverForgetTheBrokerOfARouteStoredWhileForgettingRuns() throws InterruptedException {
        TopicRoutes routes = new TopicRoutes();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread forgetting = new Thread(() -> {
            while (running.get()) {
                routes.forgetUnroutedBrokers();
            }
        }, "forget-unrouted");
        forgetting.start();
        try {
            // the refresh timer forgets while a send stores the template's route, then the topic's own, each naming
            // a broker group the cache did not know: the group's address must survive both
            for (int i = 0; i < 2_000; i++) {
                TopicRouteData route = route("broker-" + i);
                routes.putFromTemplate("t", route);
                assertThat(routes.masterAddress("broker-" + i)).as("after the template's route, round %d", i)
                        .isNotNull();
                routes.put("t", route);
                assertThat(routes.masterAddress("broker-" + i)).as("after the topic's route, round %d", i)
                        .isNotNull();
                routes.remove("t");
            }
        } finally {
            running.set(false);
            forgetting.join();
        }
    }
}
