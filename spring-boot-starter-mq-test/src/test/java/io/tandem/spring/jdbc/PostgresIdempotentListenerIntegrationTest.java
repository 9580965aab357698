package io.tandem.spring.jdbc;

import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Idempotent listeners on PostgreSQL, in a schema of their own. */
@RequiresPostgres
class PostgresIdempotentListenerIntegrationTest extends IdempotentListenerScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> Postgres.freshSchema("tandem_mq_idempotent"));
        registry.add("spring.datasource.username", () -> Postgres.USER);
    }
}
