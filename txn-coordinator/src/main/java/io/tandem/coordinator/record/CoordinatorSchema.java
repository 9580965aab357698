package io.tandem.coordinator.record;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Creates and upgrades the record's tables with Flyway, from {@code classpath:db/tandem-coordinator}, with its own
 * history table ({@code tandem_coordinator_schema_history}), so that it shares a database with an application
 * that runs its own Flyway migrations without mixing them up.
 *
 * <p>Failure modes: a migration that fails throws from {@link #migrate()}, which stops the application context; the
 * coordinator never runs on a schema it does not know.
 */
public final class CoordinatorSchema {

    /** Where the migrations are. */
    public static final String LOCATION = "classpath:db/tandem-coordinator";
    /** Flyway's history table for these migrations. */
    public static final String HISTORY_TABLE = "tandem_coordinator_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorSchema.class);

    private final DataSource dataSource;

    public CoordinatorSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies the migrations not applied yet. Idempotent. */
    public void migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("transaction record schema migrated to version {} ({} migrations)", result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
    }
}
