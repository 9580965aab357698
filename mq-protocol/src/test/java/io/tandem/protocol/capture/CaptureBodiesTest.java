package io.tandem.protocol.capture;

import io.tandem.protocol.JsonFlavor;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.ConsumeType;
import io.tandem.protocol.body.ConsumerData;
import io.tandem.protocol.body.ConsumerListBody;
import io.tandem.protocol.body.HeartbeatData;
import io.tandem.protocol.body.LockBatchRequestBody;
import io.tandem.protocol.body.LockBatchResponseBody;
import io.tandem.protocol.body.SubscriptionData;
import io.tandem.protocol.body.UnlockBatchRequestBody;
import io.tandem.protocol.message.TagHash;
import io.tandem.protocol.route.BrokerData;
import io.tandem.protocol.route.TopicRouteData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every captured JSON body through its record and back, byte for byte. */
class CaptureBodiesTest {

    @Test
    void shouldRewriteEveryCapturedRouteByteForByte() {
        int routes = 0;
        for (Exchanges.Exchange exchange : Exchanges.withCode(RequestCode.GET_ROUTEINFO_BY_TOPIC)) {
            RemotingCommand response = exchange.response().orElseThrow().command();
            if (response.code() != ResponseCode.SUCCESS) {
                assertThat(response.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
                assertThat(response.remark()).startsWith("No topic route info in name server for the topic: ");
                continue;
            }
            TopicRouteData route = TopicRouteData.fromJson(response.body());

            assertThat(utf8(route.toJson(JsonFlavor.STANDARD))).isEqualTo(utf8(response.body()));
            assertThat(route.brokerDatas()).singleElement().satisfies(broker ->
                    assertThat(broker.masterAddress()).isEqualTo("127.0.0.1:10911"));
            routes++;
        }
        assertThat(routes).isEqualTo(29);
    }

    /** The name server's cluster info answer to the broker, in the legacy unquoted-key dialect. */
    record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, List<String>> clusterAddrTable) {
    }

    @Test
    void shouldReadAndWriteTheLegacyUnquotedKeysTheNameServerSentTheBroker() {
        byte[] body = Exchanges.withCode(RequestCode.GET_BROKER_CLUSTER_INFO).get(0)
                .response().orElseThrow().command().body();
        assertThat(utf8(body)).contains("\"brokerAddrs\":{0:\"127.0.0.1:10911\"}");

        ClusterInfo info = RemotingJson.decode(body, ClusterInfo.class);

        assertThat(info.brokerAddrTable().get("broker-a").masterAddress()).isEqualTo("127.0.0.1:10911");
        assertThat(utf8(RemotingJson.encode(info, JsonFlavor.LEGACY_UNQUOTED_NUMERIC_KEYS))).isEqualTo(utf8(body));
    }

    @Test
    void shouldRewriteEveryCapturedHeartbeatByteForByte() {
        int consumers = 0;
        for (Exchanges.Exchange exchange : Exchanges.withCode(RequestCode.HEART_BEAT)) {
            byte[] body = exchange.requestCommand().body();
            HeartbeatData heartbeat = HeartbeatData.fromJson(body);

            assertThat(utf8(heartbeat.toJson())).isEqualTo(utf8(body));
            assertThat(heartbeat.producerDataSet()).extracting("groupName").contains("CLIENT_INNER_PRODUCER");
            for (ConsumerData consumer : heartbeat.consumerDataSet()) {
                consumers++;
                assertThat(heartbeat.clientID().endsWith("@STREAM"))
                        .isEqualTo(consumer.consumeType() == ConsumeType.CONSUME_ACTIVELY);
                for (SubscriptionData subscription : consumer.subscriptionDataSet()) {
                    assertThat(subscription.codeSet()).containsExactlyElementsOf(
                            subscription.tagsSet().stream().map(TagHash::of).toList());
                    assertThat(SubscriptionData.ofTags(subscription.topic(), subscription.subString(),
                            subscription.subVersion())).isEqualTo(subscription);
                }
            }
        }
        assertThat(consumers).isGreaterThan(10);
    }

    @Test
    void shouldRewriteEveryCapturedLockAndConsumerListBodyByteForByte() {
        int bodies = 0;
        for (Exchanges.Exchange exchange : Exchanges.all()) {
            RemotingCommand request = exchange.requestCommand();
            byte[] answer = exchange.response().map(response -> response.command().body()).orElse(new byte[0]);
            switch (request.code()) {
                case RequestCode.LOCK_BATCH_MQ -> {
                    assertThat(utf8(LockBatchRequestBody.fromJson(request.body()).toJson()))
                            .isEqualTo(utf8(request.body()));
                    assertThat(utf8(LockBatchResponseBody.fromJson(answer).toJson())).isEqualTo(utf8(answer));
                    bodies++;
                }
                case RequestCode.UNLOCK_BATCH_MQ -> {
                    assertThat(utf8(UnlockBatchRequestBody.fromJson(request.body()).toJson()))
                            .isEqualTo(utf8(request.body()));
                    bodies++;
                }
                case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> {
                    ConsumerListBody list = ConsumerListBody.fromJson(answer);
                    assertThat(utf8(list.toJson())).isEqualTo(utf8(answer));
                    assertThat(list.consumerIdList()).singleElement().asString().startsWith("127.0.0.1@");
                    bodies++;
                }
                default -> {
                }
            }
        }
        assertThat(bodies).isGreaterThan(20);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
