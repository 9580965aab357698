package io.tandem.coordinator.audit;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The audit trail kit on an H2 database file, the standalone coordinator's default. */
class H2FileAuditTrailTest extends AuditTrailScenarios {

    @TempDir
    Path directory;

    @Override
    String databaseUrl() {
        return "jdbc:h2:file:" + directory.resolve("coordinator").toAbsolutePath();
    }

    @Override
    String databaseUser() {
        return null;
    }
}
