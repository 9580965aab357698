package io.tandem.app;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;

import java.nio.file.Path;

/**
 * Keeps the coordinator's record in an H2 file under the broker's data directory,
 * {@code <tandem.broker.data-directory>/coordinator/record.mv.db}, unless {@code spring.datasource.url} is configured
 * anywhere: the default comes from a property source of the lowest precedence, so every configured value wins.
 *
 * <p>The {@code production} profile has no such default: its record is in PostgreSQL, at the configured
 * {@code spring.datasource.url} (usually {@code SPRING_DATASOURCE_URL}), and startup fails at once when there is none,
 * instead of Spring Boot falling back to an in-memory database whose record would vanish with the process.
 *
 * <p>Design note: the URL is computed rather than written as a placeholder in {@code tandem-app.yml} because H2 refuses
 * a relative file path that does not start with {@code ./}; an absolute path works for any data directory. It is
 * computed when read, not when the environment is prepared, so that a data directory from a property source added
 * later (a test's dynamic properties) is the one used.
 */
public class EmbeddedRecordEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String PROPERTY_SOURCE = "tandem-app-embedded-record";

    static final String DATA_DIRECTORY = "tandem.broker.data-directory";

    /** The broker's default data directory (see {@code BrokerProperties}). */
    static final String DEFAULT_DATA_DIRECTORY = "./data";

    static final String URL = "spring.datasource.url";

    static final String PRODUCTION = "production";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.matchesProfiles(PRODUCTION)) {
            if (!environment.containsProperty(URL)) {
                throw new IllegalStateException("The production profile keeps the coordinator's record in PostgreSQL: "
                        + "set SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD), "
                        + "e.g. jdbc:postgresql://db:5432/tandem?currentSchema=coordinator");
            }
            return;
        }
        environment.getPropertySources().addLast(new RecordUrl(environment));
    }

    /**
     * The H2 URL of the record under {@code dataDirectory}. The database stays open until the application closes its
     * data source, instead of closing in H2's own shutdown hook while the coordinator may still write.
     */
    static String h2Url(Path dataDirectory) {
        Path file = dataDirectory.toAbsolutePath().normalize().resolve("coordinator").resolve("record");
        return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Answers {@code spring.datasource.url} from the data directory the environment has when asked. */
    private static final class RecordUrl extends EnumerablePropertySource<Object> {

        /** Not the property source's source: Spring Boot would descend into an environment's sources from there. */
        private final Environment environment;

        RecordUrl(Environment environment) {
            super(PROPERTY_SOURCE);
            this.environment = environment;
        }

        @Override
        public String[] getPropertyNames() {
            return new String[] {URL};
        }

        @Override
        public Object getProperty(String name) {
            if (!URL.equals(name)) {
                return null;
            }
            return h2Url(Path.of(environment.getProperty(DATA_DIRECTORY, DEFAULT_DATA_DIRECTORY)));
        }
    }
}
