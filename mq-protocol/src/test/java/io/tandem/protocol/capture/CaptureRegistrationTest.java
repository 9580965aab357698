package io.tandem.protocol.capture;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.RegisterBrokerBody;
import io.tandem.protocol.body.TopicConfig;
import io.tandem.protocol.header.RegisterBrokerRequestHeader;
import io.tandem.protocol.header.RegisterBrokerResponseHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference broker's registrations with its name server, read through Tandem's header and body types. */
class CaptureRegistrationTest {

    @Test
    void shouldReadEveryCapturedRegistrationAndWriteItsBodyBackAsTheReferenceDid() {
        List<Exchanges.Exchange> registrations = Exchanges.withCode(RequestCode.REGISTER_BROKER);
        int fullTables = 0;
        int increments = 0;
        for (Exchanges.Exchange exchange : registrations) {
            RemotingCommand request = exchange.requestCommand();
            RegisterBrokerRequestHeader header = RegisterBrokerRequestHeader.from(request);

            assertThat(header.brokerName()).isEqualTo("broker-a");
            assertThat(header.clusterName()).isEqualTo("DefaultCluster");
            assertThat(header.brokerAddr()).isEqualTo("127.0.0.1:10911");
            assertThat(header.brokerId()).isZero();
            assertThat(header.compressed()).isFalse();
            assertThat(header.bodyCrc32()).isEqualTo(RegisterBrokerBody.crc32(request.body()));
            assertThat(header.toExtFields()).containsAllEntriesOf(request.extFields());

            RegisterBrokerBody body = RegisterBrokerBody.decode(request.body(), header.compressed(), request.version());
            TopicConfig template = body.topics().get("TBW102");
            if (template != null) {
                assertThat(template.perm()).isEqualTo(7);
                fullTables++;
            } else {
                // After creating a topic the reference broker registers that topic alone at once.
                assertThat(body.topics()).hasSize(1);
                increments++;
            }
            // The reference writes the topics in hash order, Tandem by name; everything else is byte for byte.
            String captured = new String(request.body(), StandardCharsets.UTF_8);
            String written = new String(body.encode(false), StandardCharsets.UTF_8);
            int tableStart = written.indexOf("\"topicConfigTable\":{") + "\"topicConfigTable\":{".length();
            int tableEnd = written.indexOf("},\"topicQueueMappingDetailMap\"");
            assertThat(captured).startsWith(written.substring(0, tableStart)).endsWith(written.substring(tableEnd))
                    .hasSameSizeAs(written);
            for (TopicConfig topic : body.topics().values()) {
                String entry = "\"" + topic.topicName() + "\":" + new String(RemotingJson.encode(topic),
                        StandardCharsets.UTF_8);
                assertThat(captured).contains(entry);
            }
            assertThat(RegisterBrokerBody.decode(body.encode(false), false, request.version())).isEqualTo(body);

            RemotingCommand response = exchange.response().orElseThrow().command();
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
            RegisterBrokerResponseHeader answer = RegisterBrokerResponseHeader.fromExtFields(response.extFields());
            assertThat(answer.masterAddr()).isNull();
            assertThat(answer.haServerAddr()).isNull();
        }
        assertThat(fullTables).isPositive();
        assertThat(increments).isPositive();
    }
}
