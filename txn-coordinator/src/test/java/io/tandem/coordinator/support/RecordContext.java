package io.tandem.coordinator.support;

import io.tandem.coordinator.TransactionCoordinatorAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.springframework.context.annotation.Configuration;

import java.util.UUID;

/** An {@link ApplicationContextRunner} with the coordinator's auto-configuration over a fresh in-memory H2. */
public final class RecordContext {

    private RecordContext() {
    }

    /** Stands for the application's own configuration: Spring Data JDBC needs its base package. */
    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage
    static class Application {
    }

    public static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                        DataJdbcRepositoriesAutoConfiguration.class, TransactionCoordinatorAutoConfiguration.class))
                .withUserConfiguration(Application.class)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:record-" + UUID.randomUUID(),
                        "tandem.coordinator.instance-id=test-instance");
    }
}
