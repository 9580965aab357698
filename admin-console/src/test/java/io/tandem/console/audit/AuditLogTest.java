package io.tandem.console.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {

    @TempDir
    Path directory;

    @Test
    void shouldAppendEntriesToItsFileAndReadThemBackNewestFirst() throws Exception {
        Path file = directory.resolve("console").resolve("audit.jsonl");
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
        AuditLog log = new AuditLog(file, clock);

        log.record("alice (127.0.0.1)", "topic.delete", "orders", "deleted with its messages", "done");
        log.record("bob (127.0.0.1)", "dlq.resend", "C0A8000100002A9F", "from %DLQ%billing to orders", "failed: x");

        assertThat(Files.readAllLines(file)).hasSize(2).allMatch(line -> line.startsWith("{") && line.endsWith("}"));
        AuditLog reopened = new AuditLog(file, clock);
        assertThat(reopened.newest(10)).extracting(AuditEntry::action).containsExactly("dlq.resend", "topic.delete");
        assertThat(reopened.newest(1)).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo("bob (127.0.0.1)");
            assertThat(entry.outcome()).isEqualTo("failed: x");
            assertThat(entry.atMs()).isEqualTo(1_700_000_000_000L);
        });
    }
}
