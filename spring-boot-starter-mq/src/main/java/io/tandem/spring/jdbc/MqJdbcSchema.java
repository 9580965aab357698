package io.tandem.spring.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import javax.sql.DataSource;
import java.util.Objects;

/**
 * The starter's tables in the application's database: {@code tandem_mq_transaction} (the transaction log of sends
 * inside Spring transactions) and {@code tandem_mq_consumed} (messages idempotent listeners handled). The script,
 * {@value #SCRIPT}, only creates what does not exist, so running it at every start is safe; it is portable SQL for
 * PostgreSQL and H2.
 *
 * <p>Failure modes: {@link #create()} throws Spring's {@code ScriptException} naming the statement the database
 * refused (for example when the application's user may not create tables).
 */
public final class MqJdbcSchema {

    /** The schema script on the class path, for applications that copy it into their own migrations. */
    public static final String SCRIPT = "io/tandem/spring/jdbc/schema.sql";

    /** The transaction log table. */
    public static final String TRANSACTION_TABLE = "tandem_mq_transaction";

    /** The table of consumed messages. */
    public static final String CONSUMED_TABLE = "tandem_mq_consumed";

    private static final Logger LOG = LoggerFactory.getLogger(MqJdbcSchema.class);

    private final DataSource dataSource;

    public MqJdbcSchema(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Creates the tables and indexes that do not exist yet. Idempotent. */
    public void create() {
        Resource script = new ClassPathResource(SCRIPT);
        DatabasePopulatorUtils.execute(new ResourceDatabasePopulator(script), dataSource);
        LOG.debug("Tandem tables {} and {} are in place", TRANSACTION_TABLE, CONSUMED_TABLE);
    }
}
