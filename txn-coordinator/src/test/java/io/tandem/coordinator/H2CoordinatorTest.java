package io.tandem.coordinator;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.UUID;

/** The coordinator kit on H2, the default record database. */
class H2CoordinatorTest extends CoordinatorScenarios {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:coordinator-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1");
    }
}
