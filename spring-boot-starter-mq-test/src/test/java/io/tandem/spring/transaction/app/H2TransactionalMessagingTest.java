package io.tandem.spring.transaction.app;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:tandem-tx-app;DB_CLOSE_DELAY=-1")
class H2TransactionalMessagingTest extends TransactionalMessagingKit {
}
