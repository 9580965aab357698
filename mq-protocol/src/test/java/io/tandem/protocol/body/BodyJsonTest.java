package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.message.TagHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyJsonTest {

    private static final String CONSUMER_HEARTBEAT = "{\"clientID\":\"127.0.0.1@26887#1294648346893\","
            + "\"consumerDataSet\":[{\"consumeFromWhere\":\"CONSUME_FROM_FIRST_OFFSET\",\"consumeType\":"
            + "\"CONSUME_PASSIVELY\",\"groupName\":\"cg1\",\"messageModel\":\"CLUSTERING\",\"subscriptionDataSet\":["
            + "{\"classFilterMode\":false,\"codeSet\":[],\"expressionType\":\"TAG\",\"subString\":\"*\","
            + "\"subVersion\":1795478464880,\"tagsSet\":[],\"topic\":\"%RETRY%cg1\"},{\"classFilterMode\":false,"
            + "\"codeSet\":[2598919,2598920],\"expressionType\":\"TAG\",\"subString\":\"TagA || TagB\","
            + "\"subVersion\":1795478464861,\"tagsSet\":[\"TagA\",\"TagB\"],\"topic\":\"TopicTest\"}],"
            + "\"unitMode\":false}],\"heartbeatFingerprint\":0,\"producerDataSet\":[{\"groupName\":"
            + "\"CLIENT_INNER_PRODUCER\"}],\"withoutSub\":false}";

    @Test
    void shouldReadAndWriteTheConsumerHeartbeatOfTheFactSheet() {
        HeartbeatData heartbeat = HeartbeatData.fromJson(CONSUMER_HEARTBEAT.getBytes(StandardCharsets.UTF_8));

        ConsumerData consumer = heartbeat.consumerDataSet().iterator().next();
        assertThat(consumer.consumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
        assertThat(consumer.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(consumer.consumeFromWhere()).isEqualTo(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        assertThat(consumer.subscriptionDataSet()).extracting(SubscriptionData::topic)
                .containsExactly("%RETRY%cg1", "TopicTest");
        assertThat(new String(heartbeat.toJson(), StandardCharsets.UTF_8)).isEqualTo(CONSUMER_HEARTBEAT);
    }

    @Test
    void shouldBuildTagSubscriptionsLikeTheJavaClient() {
        SubscriptionData tags = SubscriptionData.ofTags("TopicTest", "TagA || TagB", 5);
        SubscriptionData all = SubscriptionData.ofTags("T", "*", 5);

        assertThat(tags.tagsSet()).containsExactly("TagA", "TagB");
        assertThat(tags.codeSet()).containsExactly(2598919, 2598920);
        assertThat(tags.matchesTagHash(TagHash.of("TagB"))).isTrue();
        assertThat(tags.matchesTagHash(TagHash.of("TagC"))).isFalse();
        assertThat(all.matchesTagHash(TagHash.of("anything"))).isTrue();
        assertThat(all.codeSet()).isEmpty();
    }

    @Test
    void shouldWriteTheCheckOfASql92SubscriptionAsTheBrokerReadsIt() {
        SubscriptionData sql = SubscriptionData.ofSql92("Payments", "amount > 5", 7);
        CheckClientRequestBody check = new CheckClientRequestBody("127.0.0.1@1", "cg3", sql);

        assertThat(sql.usesSql92()).isTrue();
        assertThat(sql.matchesTagHash(TagHash.of("any"))).as("the broker leaves SQL92 to the property filter").isTrue();
        assertThat(new String(check.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"clientId\":\"127.0.0.1@1\","
                + "\"group\":\"cg3\",\"subscriptionData\":{\"classFilterMode\":false,\"codeSet\":[],"
                + "\"expressionType\":\"SQL92\",\"subString\":\"amount > 5\",\"subVersion\":7,\"tagsSet\":[],"
                + "\"topic\":\"Payments\"}}");
        assertThat(CheckClientRequestBody.fromJson(check.toJson())).isEqualTo(check);
    }

    @Test
    void shouldWriteLockBodiesWithTheirWireNames() {
        MessageQueue queue = new MessageQueue("TopicOrder", "broker-a", 0);
        LockBatchRequestBody request = new LockBatchRequestBody("cg2", "127.0.0.1@1", false, Set.of(queue));

        assertThat(new String(request.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"clientId\":\"127.0.0.1@1\","
                + "\"consumerGroup\":\"cg2\",\"mqSet\":[{\"brokerName\":\"broker-a\",\"queueId\":0,"
                + "\"topic\":\"TopicOrder\"}],\"onlyThisBroker\":false}");
        assertThat(new String(new LockBatchResponseBody(Set.of(queue)).toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"lockOKMQSet\":[{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"TopicOrder\"}]}");
        assertThat(UnlockBatchRequestBody.fromJson(request.toJson()).mqSet()).containsExactly(queue);
        assertThat(new String(new ConsumerListBody(List.of("a", "b")).toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"consumerIdList\":[\"a\",\"b\"]}");
    }

    @Test
    void shouldRejectBodiesWithoutRequiredFieldsOrWithUnknownEnumValues() {
        assertThatThrownBy(() -> HeartbeatData.fromJson("{\"producerDataSet\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageStartingWith("invalid HeartbeatData JSON body: ");
        assertThatThrownBy(() -> HeartbeatData.fromJson(("{\"clientID\":\"c\",\"consumerDataSet\":[{\"groupName\":"
                + "\"g\",\"consumeType\":\"CONSUME_SOMEHOW\"}]}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("CONSUME_SOMEHOW");
        assertThatThrownBy(() -> ConsumerListBody.fromJson("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class);
    }
}
