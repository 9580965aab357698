package io.tandem.coordinator;

import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The coordinator kit on PostgreSQL, in a schema of its own; skipped, saying why, when PostgreSQL is not there. */
@RequiresPostgres
class PostgresCoordinatorTest extends CoordinatorScenarios {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = Postgres.freshSchema("tandem_coordinator_kit");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> Postgres.USER);
    }
}
