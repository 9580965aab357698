package io.tandem.spring.autoconfigure;

import io.tandem.client.producer.Producer;
import io.tandem.spring.jdbc.MqJdbcSchema;
import io.tandem.spring.jdbc.MqTableCleaner;
import io.tandem.spring.transaction.MqEndTransactionHook;
import io.tandem.spring.transaction.MqTransactionChecks;
import io.tandem.spring.transaction.MqTransactionLog;
import io.tandem.spring.transaction.MqTransactionalSends;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The starter's tables ({@link MqJdbcSchema}) in the application's single {@link DataSource}, created at startup
 * unless {@code tandem.mq.jdbc.create-tables=false}, and what keeps its records there: the transaction log of sends
 * inside Spring transactions (with its cleaner).
 */
@AutoConfiguration(after = MqAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({JdbcTemplate.class, io.tandem.client.producer.Producer.class})
@ConditionalOnSingleCandidate(DataSource.class)
public final class MqJdbcAutoConfiguration {

    @Bean(initMethod = "create")
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "tandem.mq.jdbc.create-tables", matchIfMissing = true)
    MqJdbcSchema mqJdbcSchema(DataSource dataSource) {
        return new MqJdbcSchema(dataSource);
    }

    /** The transaction log of sends inside Spring transactions, its cleaner, and the sends that write it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "tandem.mq.transaction.enabled", matchIfMissing = true)
    @ConditionalOnBean(MqTransactionChecks.class)
    static class TransactionLogConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MqTransactionLog mqTransactionLog(DataSource dataSource, MqProperties properties,
                                          ObjectProvider<MqJdbcSchema> schema, ObjectProvider<Clock> clock) {
            schema.ifAvailable(created -> { });
            return new MqTransactionLog(dataSource, properties.getTransaction().getCheckLockWait(),
                    clock.getIfAvailable(Clock::systemUTC));
        }

        @Bean
        @ConditionalOnMissingBean
        MqTransactionalSends mqTransactionalSends(Producer producer, MqTransactionLog log,
                                                  ObjectProvider<MqEndTransactionHook> hooks) {
            return new MqTransactionalSends(producer, log, hooks.orderedStream().toList());
        }

        @Bean
        MqTableCleaner mqTransactionLogCleaner(DataSource dataSource, MqProperties properties,
                                               ObjectProvider<Clock> clock) {
            MqProperties.Transaction transaction = properties.getTransaction();
            return new MqTableCleaner(new JdbcTemplate(dataSource), MqJdbcSchema.TRANSACTION_TABLE, "created_at",
                    transaction.getLogRetention(), transaction.getLogCleanupInterval(),
                    clock.getIfAvailable(Clock::systemUTC));
        }
    }
}
