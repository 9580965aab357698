package io.tandem.coordinator.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.Map;

/**
 * The coordinator as its own application: {@code java -jar tandem-txn-coordinator-<version>.jar
 * --tandem.coordinator.brokers=host:10911}. Everything it runs comes from
 * {@code TransactionCoordinatorAutoConfiguration}. Without a configured data source it keeps its record in an H2
 * file under {@code ./data}; point {@code spring.datasource.*} at PostgreSQL in production.
 */
@SpringBootApplication
public class TransactionCoordinatorApplication {

    /** Defaults of the standalone application only; anything configured wins. */
    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.application.name", "tandem-txn-coordinator",
            "server.address", "127.0.0.1",
            "spring.datasource.url", "jdbc:h2:file:./data/tandem-coordinator",
            "management.endpoints.web.exposure.include", "health,info,metrics,prometheus");

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(TransactionCoordinatorApplication.class);
        application.setDefaultProperties(DEFAULTS);
        application.run(args);
    }
}
