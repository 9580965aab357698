package io.tandem.spring.jdbc;

import io.tandem.spring.autoconfigure.MqAutoConfiguration;
import io.tandem.spring.autoconfigure.MqJdbcAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqJdbcSchemaTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MqAutoConfiguration.class,
                    MqJdbcAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

    @Test
    void shouldCreateTheTablesInTheApplicationsDatabaseAtStartup() {
        runner.run(context -> {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(count(jdbc, MqJdbcSchema.TRANSACTION_TABLE)).isZero();
            assertThat(count(jdbc, MqJdbcSchema.CONSUMED_TABLE)).isZero();
            // A second run against the same tables (the next start) changes nothing.
            context.getBean(MqJdbcSchema.class).create();
            assertThat(count(jdbc, MqJdbcSchema.TRANSACTION_TABLE)).isZero();
        });
    }

    @Test
    void shouldLeaveTheSchemaAloneWhenTableCreationIsSwitchedOff() {
        runner.withPropertyValues("tandem.mq.jdbc.create-tables=false").run(context -> {
            assertThat(context).doesNotHaveBean(MqJdbcSchema.class);
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThatThrownBy(() -> count(jdbc, MqJdbcSchema.TRANSACTION_TABLE))
                    .isInstanceOf(org.springframework.jdbc.BadSqlGrammarException.class)
                    .rootCause().hasMessageContaining("Table \"TANDEM_MQ_TRANSACTION\" not found");
        });
    }

    @Test
    void shouldNotNeedADatabaseWhenTheApplicationHasNone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MqAutoConfiguration.class, MqJdbcAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MqJdbcSchema.class));
    }

    @Test
    void cleanerShouldDeleteOnlyRowsOlderThanTheRetention() {
        runner.run(context -> {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            Instant now = Instant.parse("2026-11-24T12:00:00Z");
            insertConsumed(jdbc, "old", now.minus(Duration.ofDays(8)));
            insertConsumed(jdbc, "young", now.minus(Duration.ofDays(6)));
            MqTableCleaner cleaner = new MqTableCleaner(jdbc, MqJdbcSchema.CONSUMED_TABLE, "consumed_at",
                    Duration.ofDays(7), Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
            assertThat(cleaner.deleteExpired()).isEqualTo(1);
            assertThat(jdbc.queryForList("SELECT message_id FROM tandem_mq_consumed", String.class))
                    .containsExactly("young");
        });
    }

    @Test
    void cleanerShouldRefuseANonPositiveRetention() {
        assertThatThrownBy(() -> new MqTableCleaner(new JdbcTemplate(), MqJdbcSchema.CONSUMED_TABLE, "consumed_at",
                Duration.ZERO, Duration.ofHours(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retention must be positive, was PT0S");
    }

    private static void insertConsumed(JdbcTemplate jdbc, String messageId, Instant at) {
        jdbc.update("INSERT INTO tandem_mq_consumed (consumer_group, message_id, consumed_at) VALUES (?, ?, ?)",
                "g", messageId, MqTableCleaner.utc(at));
    }

    private static int count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }
}
