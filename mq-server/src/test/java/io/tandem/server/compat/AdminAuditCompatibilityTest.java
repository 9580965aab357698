package io.tandem.server.compat;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.server.Broker;
import io.tandem.server.audit.AuditFile;
import io.tandem.server.audit.AuditOutcome;
import io.tandem.server.audit.AuditRecord;
import io.tandem.server.auth.AuthConfig;
import io.tandem.server.config.BrokerConfig;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.apache.rocketmq.tools.command.auth.CreateUserSubCommand;
import org.apache.rocketmq.tools.command.topic.UpdateTopicSubCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The broker's admin audit trail with the unmodified RocketMQ 5.3.3 tools: mqadmin's updateTopic and createUser
 * (signed with an {@code AclClientRPCHook}), a delete the ACL denies and a request without credentials each leave a
 * record in {@code <data>/audit/audit.jsonl} with who, what, when, from where and how it ended; no secret key is in
 * the file, and the records are still there after the broker restarts.
 */
class AdminAuditCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String ADMIN = "audit-admin";
    private static final String ADMIN_SECRET = "admin-secret-7c2e91d4ab";
    private static final String ERIN_SECRET = "erin-secret-5b8f03a6d1";

    @TempDir
    Path dataDirectory;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Broker start() throws Exception {
        return Broker.start(BrokerConfig.builder(dataDirectory).randomPorts()
                .auth(AuthConfig.enabled(new AuthConfig.InitialUser(ADMIN, ADMIN_SECRET)))
                .build());
    }

    private static RPCHook hook(String accessKey, String secretKey) {
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    private Path auditDirectory() {
        return dataDirectory.resolve(AuditFile.DIRECTORY_NAME);
    }

    private List<AuditRecord> awaitRecords(int count) {
        return await().atMost(TIMEOUT).until(() -> AuditFile.read(auditDirectory()), records -> records.size() >= count);
    }

    @Test
    void shouldAuditAdminChangesDenialsAndAnonymousRequestsWithoutSecretsAcrossARestart() throws Exception {
        broker = start();
        long startedMs = Instant.now().toEpochMilli();
        MqAdmin admin = new MqAdmin(broker.nameServerAddress(), hook(ADMIN, ADMIN_SECRET));

        admin.output(new UpdateTopicSubCommand(), "-b", broker.brokerAddress(), "-t", "audited-orders", "-r", "2",
                "-w", "2");
        admin.output(new CreateUserSubCommand(), "-b", broker.brokerAddress(), "-u", "erin", "-p", ERIN_SECRET,
                "-t", "Normal");
        DefaultMQAdminExt erin = new DefaultMQAdminExt(hook("erin", ERIN_SECRET), 5_000);
        erin.setNamesrvAddr(broker.nameServerAddress());
        erin.setInstanceName("audit-erin-" + ProcessHandle.current().pid());
        erin.setVipChannelEnabled(false);
        erin.start();
        try {
            assertThatThrownBy(() -> erin.deleteTopicInBroker(Set.of(broker.brokerAddress()), "audited-orders"))
                    .hasStackTraceContaining("no permission to access Topic:audited-orders");
        } finally {
            erin.shutdown();
        }
        MqAdmin anonymous = new MqAdmin(broker.nameServerAddress());
        assertThat(anonymous.run(new UpdateTopicSubCommand(), "-b", broker.brokerAddress(), "-t", "sneaky")
                .failure()).isNotNull();

        List<AuditRecord> records = awaitRecords(4);
        long answeredMs = Instant.now().toEpochMilli();
        assertThat(records).extracting(AuditRecord::request, AuditRecord::accessKey, AuditRecord::target,
                        AuditRecord::outcome)
                .containsExactly(
                        tuple("UPDATE_AND_CREATE_TOPIC", ADMIN, "topic audited-orders",
                                AuditOutcome.SUCCESS),
                        tuple("AUTH_CREATE_USER", ADMIN, "user erin",
                                AuditOutcome.SUCCESS),
                        tuple("DELETE_TOPIC_IN_BROKER", "erin", "topic audited-orders",
                                AuditOutcome.DENIED),
                        tuple("UPDATE_AND_CREATE_TOPIC", "anonymous", "topic sneaky",
                                AuditOutcome.DENIED));
        for (AuditRecord record : records) {
            assertThat(Instant.parse(record.at()).toEpochMilli()).isBetween(startedMs, answeredMs);
            assertThat(record.remoteAddress()).startsWith("127.0.0.1:");
        }
        AuditRecord created = records.get(0);
        assertThat(created.requestCode()).isEqualTo(RequestCode.UPDATE_AND_CREATE_TOPIC);
        assertThat(created.responseCode()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(created.fields()).containsEntry("topic", "audited-orders").containsEntry("readQueueNums", "2")
                .doesNotContainKeys("AccessKey", "Signature");
        AuditRecord denied = records.get(2);
        assertThat(denied.responseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(denied.remark()).contains("User:erin has no permission to access Topic:audited-orders");
        assertThat(records.get(3).remark()).isNotBlank();

        broker.close();
        broker = null;
        String onDisk = readAll(auditDirectory());
        assertThat(onDisk).doesNotContain(ERIN_SECRET).doesNotContain(ADMIN_SECRET);

        broker = start();
        new MqAdmin(broker.nameServerAddress(), hook(ADMIN, ADMIN_SECRET)).output(new UpdateTopicSubCommand(),
                "-b", broker.brokerAddress(), "-t", "after-restart");

        List<AuditRecord> afterRestart = awaitRecords(5);
        assertThat(afterRestart.subList(0, 4)).isEqualTo(records);
        assertThat(afterRestart.get(4).target()).isEqualTo("topic after-restart");
        assertThat(afterRestart.get(4).outcome()).isEqualTo(AuditOutcome.SUCCESS);
    }

    private static String readAll(Path directory) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }
}
