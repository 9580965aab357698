package io.tandem.server.audit;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.auth.RequestSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit file's rotation and durability across reopen, and what a record keeps of a request. */
class AuditFileTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T05:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    private static AuditRecord record(int number) {
        return new AuditRecord("2026-12-06T05:00:00Z", "admin", RequestCode.UPDATE_AND_CREATE_TOPIC,
                "UPDATE_AND_CREATE_TOPIC", "topic t-" + number, "127.0.0.1:4000", AuditOutcome.SUCCESS,
                ResponseCode.SUCCESS, null, Map.of("topic", "t-" + number));
    }

    @Test
    void shouldRotateBySizeKeepTheNewestFilesAndReadThemOldestFirst() throws Exception {
        AuditFile file = new AuditFile(directory, 4096, 2);
        IntStream.range(0, 100).forEach(i -> file.append(record(i)));
        file.close();

        assertThat(directory.resolve("audit.jsonl.1")).exists();
        assertThat(directory.resolve("audit.jsonl.2")).exists();
        assertThat(directory.resolve("audit.jsonl.3")).doesNotExist();
        for (String name : List.of("audit.jsonl", "audit.jsonl.1", "audit.jsonl.2")) {
            assertThat(Files.size(directory.resolve(name))).as(name).isBetween(1L, 4096L);
        }
        List<AuditRecord> kept = AuditFile.read(directory);
        assertThat(kept).isNotEmpty().hasSizeLessThan(100);
        assertThat(kept.getLast()).isEqualTo(record(99));
        int first = Integer.parseInt(kept.getFirst().target().substring("topic t-".length()));
        assertThat(kept).isEqualTo(IntStream.range(first, 100).mapToObj(AuditFileTest::record).toList());
    }

    @Test
    void shouldAppendToWhatIsThereAfterAReopen() throws Exception {
        AuditFile first = new AuditFile(directory, 1 << 20, 3);
        first.append(record(1));
        first.close();
        AuditFile second = new AuditFile(directory, 1 << 20, 3);
        second.append(record(2));
        second.close();

        assertThat(AuditFile.read(directory)).containsExactly(record(1), record(2));
        assertThat(Files.readAllLines(directory.resolve("audit.jsonl"))).hasSize(2);
    }

    @Test
    void shouldKeepNeitherCredentialsNorSecretFieldsNorTheBody() {
        RemotingCommand createUser = RemotingCommand.request(RequestCode.AUTH_CREATE_USER)
                .extField("username", "erin")
                .extField(RequestSignature.ACCESS_KEY, "admin")
                .extField(RequestSignature.SIGNATURE, "c2lnbmF0dXJl")
                .extField("secretKey", "not-to-be-kept-1")
                .body("{\"username\":\"erin\",\"password\":\"not-to-be-kept-2\"}".getBytes(StandardCharsets.UTF_8))
                .build();

        AuditRecord record = AdminRequestAudit.record("10.0.0.7:5123", createUser,
                createUser.response(ResponseCode.SUCCESS).build(), CLOCK);

        assertThat(record.accessKey()).isEqualTo("admin");
        assertThat(record.target()).isEqualTo("user erin");
        assertThat(record.at()).isEqualTo("2026-12-06T05:00:00Z");
        assertThat(record.remoteAddress()).isEqualTo("10.0.0.7:5123");
        assertThat(record.fields()).containsExactly(Map.entry("username", "erin"));
        assertThat(record.toString()).doesNotContain("not-to-be-kept", "c2lnbmF0dXJl");
    }

    @Test
    void shouldRecordTheSettingsOfABrokerConfigUpdateButNotSecretOnes() {
        RemotingCommand update = RemotingCommand.request(RequestCode.UPDATE_BROKER_CONFIG)
                .body("autoCreateTopicEnable=false\nsecretKey=hunter2\n".getBytes(StandardCharsets.UTF_8))
                .build();

        AuditRecord record = AdminRequestAudit.record("127.0.0.1:1", update,
                update.response(ResponseCode.NO_PERMISSION).remark("username cannot be null.").build(), CLOCK);

        assertThat(record.accessKey()).isEqualTo(AdminRequestAudit.ANONYMOUS);
        assertThat(record.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(record.remark()).isEqualTo("username cannot be null.");
        assertThat(record.target()).isEqualTo("broker settings");
        assertThat(record.fields()).containsEntry("setting.autoCreateTopicEnable", "false")
                .containsEntry("setting.secretKey", "(not recorded)");
        assertThat(record.toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldAuditOperatorDecisionsButNotRoutineResolutions() {
        AdminRequestAudit audit = new AdminRequestAudit(null, CLOCK);

        assertThat(audit.audits(RemotingCommand.request(RequestCode.TANDEM_RESOLVE_HALF)
                .extField("source", "OPERATOR").build())).isTrue();
        assertThat(audit.audits(RemotingCommand.request(RequestCode.TANDEM_RESOLVE_HALF)
                .extField("source", "CHECK").build())).isFalse();
        assertThat(audit.audits(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_BROKER).build())).isTrue();
        assertThat(audit.audits(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG).build())).isFalse();
    }
}
