package io.tandem.server.controller;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.controller.AlterInSyncRequestHeader;
import io.tandem.protocol.controller.ControllerGroupResponseHeader;
import io.tandem.protocol.controller.ControllerHeartbeatRequestHeader;
import io.tandem.protocol.controller.ElectLeaderRequestHeader;
import io.tandem.server.NameServer;
import io.tandem.server.NameServerConfig;
import io.tandem.server.support.RawClient;
import io.tandem.testing.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The controller requests as a name server serves them, with a controller peer (a quorum of one) and without. */
class NameServerControllerTest {

    @TempDir
    Path directory;

    private static RemotingCommand.Builder heartbeat(long member, long epoch) {
        return RemotingCommand.request(RequestCode.TANDEM_CONTROLLER_HEARTBEAT).extFields(
                new ControllerHeartbeatRequestHeader("broker-a", member, "127.0.0.1:1091" + member,
                        "127.0.0.1:1092" + member, epoch, 100).toExtFields());
    }

    private static ControllerGroupResponseHeader group(RemotingCommand response) {
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        return ControllerGroupResponseHeader.from(RequestCode.TANDEM_CONTROLLER_HEARTBEAT, response);
    }

    @Test
    void membersJoinByReportingAndLearnTheirLeaderWhoseLeaseOnlyItsOwnReportsRenew() throws Exception {
        ControllerConfig controller = new ControllerConfig("c1", Map.of("c1", "127.0.0.1:" + Ports.unused()),
                directory.resolve("c1"), Duration.ofSeconds(3), Duration.ofMillis(500), Clock.systemUTC());
        try (NameServer nameServer = NameServer.start(NameServerConfig.builder().randomPort().controller(controller)
                .build()); RawClient client = new RawClient(nameServer.address())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> nameServer.controller().orElseThrow().leadsQuorum());

            ControllerGroupResponseHeader first = group(client.call(heartbeat(2, 0)));
            assertThat(first.leaderId()).as("the first member to report leads").isEqualTo(2L);
            assertThat(first.epoch()).isEqualTo(1);
            assertThat(first.leaderBrokerAddress()).isEqualTo("127.0.0.1:10912");
            assertThat(first.leaderReplicationAddress()).isEqualTo("127.0.0.1:10922");
            assertThat(first.leaseRenewed()).as("it reported epoch 0, not the epoch it leads at").isFalse();
            assertThat(group(client.call(heartbeat(2, 1))).leaseRenewed()).isTrue();

            ControllerGroupResponseHeader other = group(client.call(heartbeat(3, 1)));
            assertThat(other.leaderId()).isEqualTo(2L);
            assertThat(other.leaseRenewed()).as("a replica's report renews no lease").isFalse();

            RemotingCommand stale = client.call(RemotingCommand.request(RequestCode.TANDEM_CONTROLLER_ALTER_IN_SYNC)
                    .extFields(new AlterInSyncRequestHeader("broker-a", 3, 1, Set.of(2L, 3L)).toExtFields()));
            assertThat(stale.code()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
            assertThat(stale.remark()).contains("is not the leader");
            RemotingCommand unclean = client.call(RemotingCommand.request(RequestCode.TANDEM_CONTROLLER_ELECT)
                    .extFields(new ElectLeaderRequestHeader("broker-a", 3, false).toExtFields()));
            assertThat(unclean.code()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
            assertThat(unclean.remark()).contains("not in the in-sync set", "unclean election was not allowed");

            RemotingCommand altered = client.call(RemotingCommand.request(
                    RequestCode.TANDEM_CONTROLLER_ALTER_IN_SYNC).extFields(new AlterInSyncRequestHeader("broker-a", 2,
                    1, Set.of(2L, 3L)).toExtFields()));
            assertThat(altered.code()).isEqualTo(ResponseCode.SUCCESS);
            RemotingCommand elected = client.call(RemotingCommand.request(RequestCode.TANDEM_CONTROLLER_ELECT)
                    .extFields(new ElectLeaderRequestHeader("broker-a", 3, false).toExtFields()));
            ControllerGroupResponseHeader after = ControllerGroupResponseHeader.from(
                    RequestCode.TANDEM_CONTROLLER_ELECT, elected);
            assertThat(after.leaderId()).isEqualTo(3L);
            assertThat(after.epoch()).isEqualTo(2);
            assertThat(group(client.call(heartbeat(2, 1))).leaseRenewed()).as("deposed").isFalse();
        }
    }

    @Test
    void nameServerWithoutAControllerSaysSo() throws Exception {
        try (NameServer nameServer = NameServer.start(NameServerConfig.builder().randomPort().build());
             RawClient client = new RawClient(nameServer.address())) {
            RemotingCommand response = client.call(heartbeat(1, 0));

            assertThat(response.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
            assertThat(response.remark()).contains("TANDEM_CONTROLLER_HEARTBEAT(100200)", "runs no controller",
                    "tandem.controller.enabled=false");
        }
    }

}
