package io.tandem.spring.transaction.app;

import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@RequiresPostgres
class PostgresTransactionalMessagingTest extends TransactionalMessagingKit {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = Postgres.freshSchema("tandem_mq_tx_app");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> Postgres.USER);
    }
}
