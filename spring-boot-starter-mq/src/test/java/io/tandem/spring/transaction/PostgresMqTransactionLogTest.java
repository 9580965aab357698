package io.tandem.spring.transaction;

import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;

@RequiresPostgres
class PostgresMqTransactionLogTest extends MqTransactionLogKit {

    private static final String URL = Postgres.freshSchema("tandem_mq_transaction_log");

    @Override
    protected DataSource dataSource() {
        return new DriverManagerDataSource(URL, Postgres.USER, "");
    }
}
