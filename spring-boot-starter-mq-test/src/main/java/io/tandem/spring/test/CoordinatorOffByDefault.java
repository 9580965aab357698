package io.tandem.spring.test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Makes Tandem's transaction coordinator opt-in in every application that has
 * {@code tandem-spring-boot-starter-test} on its class path: the artifact brings the coordinator for
 * {@code @EmbeddedMqBroker(coordinator = true)}, and the coordinator's auto-configuration would otherwise start in
 * each test's application context, creating its tables in the application's database and needing Java 25. Adds
 * {@code tandem.coordinator.enabled=false} below every other property source, so that an application or a test that
 * sets {@code tandem.coordinator.enabled=true} (as {@link MqTestCoordinator} does for its own context) still runs it.
 *
 * <p>Stateless and thread-safe; it never fails.
 */
final class CoordinatorOffByDefault implements EnvironmentPostProcessor {

    /** The property source this adds, last. */
    static final String PROPERTY_SOURCE = "tandemTestCoordinatorOffByDefault";
    static final String ENABLED = "tandem.coordinator.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of(ENABLED, "false")));
        }
    }
}
