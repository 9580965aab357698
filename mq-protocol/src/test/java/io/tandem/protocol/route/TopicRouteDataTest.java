package io.tandem.protocol.route;

import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicRouteDataTest {

    private static final String STANDARD = "{\"brokerDatas\":[{\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\","
            + "\"1\":\"127.0.0.2:10911\"},\"brokerName\":\"broker-a\",\"cluster\":\"DefaultCluster\","
            + "\"enableActingMaster\":false}],\"filterServerTable\":{},\"queueDatas\":[{\"brokerName\":\"broker-a\","
            + "\"perm\":6,\"readQueueNums\":4,\"topicSysFlag\":0,\"writeQueueNums\":4}]}";

    private static final TopicRouteData ROUTE = new TopicRouteData(null,
            List.of(new QueueData("broker-a", 4, 4, Permission.READ | Permission.WRITE, 0)),
            List.of(new BrokerData("DefaultCluster", "broker-a", Map.of(1L, "127.0.0.2:10911", 0L, "127.0.0.1:10911"),
                    null, false)),
            Map.of());

    @Test
    void shouldWriteStandardJsonWithQuotedBrokerIdsInAlphabeticalOrder() {
        assertThat(new String(ROUTE.toJson(JsonFlavor.STANDARD), StandardCharsets.UTF_8)).isEqualTo(STANDARD);
    }

    @Test
    void shouldWriteTheLegacyFlavorWithBareBrokerIdsOnly() {
        String legacy = new String(ROUTE.toJson(JsonFlavor.LEGACY_UNQUOTED_NUMERIC_KEYS), StandardCharsets.UTF_8);

        assertThat(legacy).isEqualTo(STANDARD.replace("{\"0\":", "{0:").replace(",\"1\":", ",1:"));
        assertThat(TopicRouteData.fromJson(legacy.getBytes(StandardCharsets.UTF_8))).isEqualTo(ROUTE);
    }

    @Test
    void shouldReadRoutesWithUnknownAndMissingFields() {
        TopicRouteData route = TopicRouteData.fromJson(("{\"orderTopicConf\":\"broker-a:2\",\"queueDatas\":"
                + "[{\"brokerName\":\"b\",\"perm\":7}],\"topicQueueMappingByBroker\":{\"b\":{}},\"brokerDatas\":"
                + "[{\"brokerName\":\"b\",\"brokerAddrs\":{0:\"h:1\"},\"zoneName\":\"z\"}]}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(route.orderTopicConf()).isEqualTo("broker-a:2");
        assertThat(route.queueDatas()).containsExactly(new QueueData("b", 0, 0, 7, 0));
        assertThat(route.brokerDatas().get(0).masterAddress()).isEqualTo("h:1");
        assertThat(route.brokerDatas().get(0).zoneName()).isEqualTo("z");
        assertThat(route.filterServerTable()).isEmpty();
        assertThat(Permission.isInherited(7) && Permission.isReadable(7) && Permission.isWriteable(7)).isTrue();
    }

    @Test
    void shouldRejectGarbageNamingTheBodyType() {
        assertThatThrownBy(() -> TopicRouteData.fromJson("{\"queueDatas\":5}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageStartingWith("invalid TopicRouteData JSON body: ");
        assertThatThrownBy(() -> TopicRouteData.fromJson("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageStartingWith("invalid TopicRouteData JSON body: ");
        assertThatThrownBy(() -> TopicRouteData.fromJson(new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessage("empty TopicRouteData JSON body");
    }
}
