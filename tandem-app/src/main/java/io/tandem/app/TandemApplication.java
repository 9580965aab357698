package io.tandem.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Tandem's embedded default in one process: the broker with its name server ({@link EmbeddedBrokerConfiguration})
 * and the transaction coordinator ({@code TransactionCoordinatorAutoConfiguration}, pointed at this broker by
 * {@link EmbeddedCoordinatorConfiguration}). Messages live under {@code tandem.broker.data-directory}, the
 * coordinator's record in an H2 file under the same directory ({@link EmbeddedRecordEnvironmentPostProcessor}).
 * The remoting listeners are the broker's ports, the coordinator's operator API is on {@code server.port} and
 * health and Prometheus metrics are on {@code management.server.port}.
 *
 * <p>Defaults come from {@code tandem-broker.yml} (the broker's own, in mq-server) and then {@code tandem-app.yml},
 * each with its {@code -<profile>} variant; an {@code application.yml} of the user's overrides both.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class TandemApplication {

    /** Where the defaults come from, later names overriding earlier ones. */
    public static final String CONFIG_NAMES = "spring.config.name=tandem-broker,tandem-app,application";

    public static void main(String[] args) {
        new SpringApplicationBuilder(TandemApplication.class).properties(CONFIG_NAMES).run(args);
    }
}
