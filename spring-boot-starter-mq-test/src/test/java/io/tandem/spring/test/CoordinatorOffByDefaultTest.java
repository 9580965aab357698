package io.tandem.spring.test;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's test with {@code tandem-spring-boot-starter-test} on its class path, and so Tandem's transaction
 * coordinator, but without {@code @EmbeddedMqBroker}: the coordinator does not start in the application's context
 * and creates no table in the application's database.
 */
@SpringBootTest(classes = CoordinatorOffByDefaultTest.Application.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:coordinator-off-by-default;DB_CLOSE_DELAY=-1",
        // This module's schema.sql is for other tests; the database starts empty.
        "spring.sql.init.mode=never",
        // Tandem's client side would look for a name server; not what is tested here.
        "spring.autoconfigure.exclude=io.tandem.spring.autoconfigure.MqAutoConfiguration,"
                + "io.tandem.spring.autoconfigure.MqJdbcAutoConfiguration,"
                + "io.tandem.spring.autoconfigure.MqHealthContributorAutoConfiguration"})
class CoordinatorOffByDefaultTest {

    private static final String COORDINATOR_PACKAGE = "io.tandem.coordinator.";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldStartNoCoordinatorBeanInAnApplicationTestWithoutTheAnnotation() {
        assertThat(context.getEnvironment().getProperty("tandem.coordinator.enabled")).isEqualTo("false");
        assertThat(context.getBeanDefinitionNames())
                .filteredOn(name -> context.getType(name) != null
                        && context.getType(name).getName().startsWith(COORDINATOR_PACKAGE))
                .isEmpty();
    }

    @Test
    void shouldCreateNoCoordinatorTableInTheApplicationsDatabase() {
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'",
                String.class)).isEmpty();
    }
}
