package io.tandem.spring.jdbc;

import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema script on PostgreSQL, run twice as two application starts would. */
@RequiresPostgres
class PostgresMqJdbcSchemaTest {

    @Test
    void shouldCreateTheTablesOnPostgresAndAcceptASecondStart() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(Postgres.freshSchema("tandem_mq_schema"),
                Postgres.USER, "");
        new MqJdbcSchema(dataSource).create();
        new MqJdbcSchema(dataSource).create();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'tandem_mq_schema' ORDER BY table_name", String.class))
                .containsExactly(MqJdbcSchema.CONSUMED_TABLE, MqJdbcSchema.TRANSACTION_TABLE);
    }
}
