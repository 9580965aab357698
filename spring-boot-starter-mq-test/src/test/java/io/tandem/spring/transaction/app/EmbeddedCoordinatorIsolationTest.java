package io.tandem.spring.transaction.app;

import io.tandem.coordinator.record.CoordinatorSchema;
import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @EmbeddedMqBroker(coordinator = true)} in an application whose {@code application.properties} names its
 * PostgreSQL database, and whose {@code schema.sql} is written for PostgreSQL: the test coordinator keeps its record
 * in its own in-memory database and takes none of the application's settings, so none of its tables (nor Flyway's
 * history table) appears in the application's schema, and the application's {@code schema.sql} runs once, for the
 * application.
 *
 * <p>The application is {@link CoordinatorIsolationScenario}, run in a process of its own whose class path starts with
 * the application's {@code application.properties} and {@code schema.sql}, the way they are found in a real
 * application's test run. The schema is this test's own, dropped at the end.
 */
@RequiresPostgres
class EmbeddedCoordinatorIsolationTest {

    /** The system property that tells the scenario which schema the application's URL names. */
    static final String SCHEMA_PROPERTY = "tandem.test.application-schema";
    static final String GROUP = "tx-isolated";

    private static final String SCHEMA = "tandem_mq_coordinator_isolation";
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE (?:IF NOT EXISTS )?(\\w+)",
            Pattern.CASE_INSENSITIVE);

    @TempDir
    Path applicationResources;

    @AfterAll
    static void dropSchema() {
        Postgres.dropSchema(SCHEMA);
    }

    @Test
    void shouldKeepTheTestCoordinatorOutOfTheApplicationsDatabaseAndItsSettings() throws Exception {
        String url = Postgres.freshSchema(SCHEMA);
        Files.writeString(applicationResources.resolve("application.properties"), String.join("\n",
                "spring.datasource.url=" + url,
                "spring.datasource.username=" + Postgres.USER,
                "spring.datasource.driver-class-name=org.postgresql.Driver",
                "spring.sql.init.mode=always",
                "tandem.mq.producer.group=" + GROUP,
                "tandem.mq.listener.shutdown-timeout=2s",
                "spring.main.banner-mode=off", ""));
        // PostgreSQL only (H2 has no pg_backend_pid()): run against any other database, it fails that start.
        Files.writeString(applicationResources.resolve("schema.sql"), String.join("\n",
                "CREATE TABLE IF NOT EXISTS app_schema_runs (run_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " backend_pid INT NOT NULL);",
                "INSERT INTO app_schema_runs (backend_pid) VALUES (pg_backend_pid());", ""));

        runScenario();

        JdbcTemplate application = new JdbcTemplate(new DriverManagerDataSource(url, Postgres.USER, ""));
        List<String> tables = application.queryForList("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = ?", String.class, SCHEMA).stream()
                .map(name -> name.toLowerCase(Locale.ROOT)).toList();
        assertThat(tables).as("the application's own tables").contains("tx_orders", "app_schema_runs",
                "tandem_mq_transaction");
        assertThat(tables).as("the coordinator's tables in the application's schema")
                .doesNotContainAnyElementsOf(coordinatorTables());
        assertThat(application.queryForObject("SELECT COUNT(*) FROM app_schema_runs", Integer.class))
                .as("runs of the application's schema.sql").isOne();
    }

    /** Runs the scenario in a new JVM and waits for it to pass. */
    private void runScenario() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-D" + SCHEMA_PROPERTY + "=" + SCHEMA,
                "-cp", applicationResources + File.pathSeparator + System.getProperty("java.class.path"),
                IsolatedScenarioRunner.class.getName(), CoordinatorIsolationScenario.class.getName())
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.add(line);
            }
        }
        boolean exited = process.waitFor(3, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        assertThat(exited && process.exitValue() == 0).as("the scenario passed; its output:%n%s",
                String.join("\n", output.subList(Math.max(0, output.size() - 80), output.size()))).isTrue();
    }

    /** Every table the coordinator's migrations create, and Flyway's history table of them. */
    private static List<String> coordinatorTables() throws IOException {
        List<String> tables = new ArrayList<>(List.of(CoordinatorSchema.HISTORY_TABLE));
        Resource[] migrations = new PathMatchingResourcePatternResolver()
                .getResources(CoordinatorSchema.LOCATION.replace("classpath:", "classpath*:") + "/*.sql");
        assertThat(migrations).as("the coordinator's migrations").isNotEmpty();
        for (Resource migration : migrations) {
            Matcher matcher = CREATE_TABLE.matcher(migration.getContentAsString(StandardCharsets.UTF_8));
            while (matcher.find()) {
                tables.add(matcher.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }
}
