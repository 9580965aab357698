package io.tandem.client.admin;

import io.tandem.protocol.LanguageCode;
import io.tandem.protocol.body.ClusterInfo;
import io.tandem.protocol.body.Connection;
import io.tandem.protocol.body.ConsumeType;
import io.tandem.protocol.body.ConsumerConnection;
import io.tandem.protocol.body.MessageModel;
import io.tandem.protocol.body.SubscriptionGroupConfig;
import io.tandem.protocol.body.SubscriptionGroupWrapper;
import io.tandem.protocol.body.TopicConfigSerializeWrapper;
import io.tandem.protocol.body.TopicList;
import io.tandem.protocol.header.CreateTopicRequestHeader;
import io.tandem.protocol.header.DeleteSubscriptionGroupRequestHeader;
import io.tandem.protocol.header.GetConsumeStatsRequestHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin request headers and bodies read the shapes the reference broker and name server write. */
class AdminBodiesTest {

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadClusterInfoWithTheUnquotedBrokerIdsOfOldNameServers() {
        ClusterInfo info = ClusterInfo.fromJson(utf8("{\"brokerAddrTable\":{\"broker-a\":{\"brokerAddrs\":"
                + "{0:\"127.0.0.1:10911\",1:\"127.0.0.1:10921\"},\"brokerName\":\"broker-a\",\"cluster\":"
                + "\"DefaultCluster\",\"enableActingMaster\":false}},\"clusterAddrTable\":{\"DefaultCluster\":"
                + "[\"broker-a\"]}}"));

        assertThat(info.brokerAddrTable().get("broker-a").masterAddress()).isEqualTo("127.0.0.1:10911");
        assertThat(info.brokerAddrTable().get("broker-a").brokerAddrs()).hasSize(2);
        assertThat(info.clusterAddrTable()).containsEntry("DefaultCluster", List.of("broker-a"));
    }

    @Test
    void shouldReadTopicAndGroupTablesIgnoringTheDataVersion() {
        TopicConfigSerializeWrapper topics = TopicConfigSerializeWrapper.fromJson(utf8("{\"dataVersion\":"
                + "{\"counter\":3,\"timestamp\":1},\"topicConfigTable\":{\"T\":{\"attributes\":{},\"order\":true,"
                + "\"perm\":6,\"readQueueNums\":4,\"topicFilterType\":\"SINGLE_TAG\",\"topicName\":\"T\","
                + "\"topicSysFlag\":0,\"writeQueueNums\":2}}}"));
        SubscriptionGroupWrapper groups = SubscriptionGroupWrapper.fromJson(utf8("{\"dataVersion\":{},"
                + "\"subscriptionGroupTable\":{\"g\":{\"groupName\":\"g\",\"consumeEnable\":true,"
                + "\"retryMaxTimes\":5,\"retryQueueNums\":1,\"consumeBroadcastEnable\":false}}}"));

        assertThat(topics.topicConfigTable().get("T").readQueueNums()).isEqualTo(4);
        assertThat(topics.topicConfigTable().get("T").writeQueueNums()).isEqualTo(2);
        assertThat(topics.topicConfigTable().get("T").order()).isTrue();
        SubscriptionGroupConfig group = groups.subscriptionGroupTable().get("g");
        assertThat(group.retryMaxTimes()).isEqualTo(5);
        assertThat(group.consumeEnable()).isTrue();
        assertThat(SubscriptionGroupConfig.fromJson(SubscriptionGroupConfig.defaults("h", 16).toJson()))
                .isEqualTo(SubscriptionGroupConfig.defaults("h", 16));
        assertThat(TopicList.fromJson(utf8("{\"topicList\":[\"b\",\"a\"]}")).topicList()).containsExactly("b", "a");
    }

    @Test
    void shouldReadAConsumerConnectionBody() {
        ConsumerConnection connection = ConsumerConnection.fromJson(utf8("{\"connectionSet\":[{\"clientAddr\":"
                + "\"127.0.0.1:5000\",\"clientId\":\"c1\",\"language\":\"JAVA\",\"version\":479}],"
                + "\"consumeFromWhere\":\"CONSUME_FROM_LAST_OFFSET\",\"consumeType\":\"CONSUME_PASSIVELY\","
                + "\"messageModel\":\"CLUSTERING\",\"subscriptionTable\":{\"T\":{\"classFilterMode\":false,"
                + "\"codeSet\":[],\"expressionType\":\"TAG\",\"subString\":\"*\",\"subVersion\":1,\"tagsSet\":[],"
                + "\"topic\":\"T\"}}}"));

        assertThat(connection.connectionSet()).containsExactly(new Connection("c1", "127.0.0.1:5000",
                LanguageCode.JAVA, 479));
        assertThat(connection.consumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
        assertThat(connection.messageModel()).isEqualTo(MessageModel.CLUSTERING);
        assertThat(connection.subscriptionTable().get("T").subString()).isEqualTo("*");
    }

    @Test
    void shouldWriteAndReadTheAdminHeaders() {
        CreateTopicRequestHeader create = new CreateTopicRequestHeader("T", "TBW102", 8, 8, 6, "SINGLE_TAG", 0, false);
        assertThat(create.toExtFields()).containsEntry("topic", "T").containsEntry("readQueueNums", "8")
                .containsEntry("order", "false");
        assertThat(CreateTopicRequestHeader.fromExtFields(create.toExtFields())).isEqualTo(create);
        assertThat(GetConsumeStatsRequestHeader.fromExtFields(Map.of("consumerGroup", "g")))
                .isEqualTo(new GetConsumeStatsRequestHeader("g", null));
        assertThat(DeleteSubscriptionGroupRequestHeader.fromExtFields(
                Map.of("groupName", "g", "cleanOffset", "true")).cleanOffset()).isTrue();
        assertThatThrownBy(() -> CreateTopicRequestHeader.fromExtFields(Map.of("readQueueNums", "8")))
                .hasMessageContaining("topic");
    }

    @Test
    void shouldRejectInvalidSettings() {
        assertThatThrownBy(() -> TopicSettings.of("T", 0)).hasMessageContaining("queue counts");
        assertThatThrownBy(() -> TopicSettings.of("bad name", 1)).hasMessageContaining("topic");
        assertThatThrownBy(() -> GroupSettings.of("DEFAULT_CONSUMER")).hasMessageContaining("reserved");
    }
}
