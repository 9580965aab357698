package io.tandem.coordinator.audit;

import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.junit.jupiter.api.BeforeEach;

/** The audit trail kit on PostgreSQL, in a schema of its own; skipped, saying why, when PostgreSQL is not there. */
@RequiresPostgres
class PostgresAuditTrailTest extends AuditTrailScenarios {

    private String url;

    @BeforeEach
    @Override
    void startBrokerAndCoordinator() {
        url = Postgres.freshSchema("tandem_coordinator_audit");
        super.startBrokerAndCoordinator();
    }

    @Override
    String databaseUrl() {
        return url;
    }

    @Override
    String databaseUser() {
        return Postgres.USER;
    }
}
