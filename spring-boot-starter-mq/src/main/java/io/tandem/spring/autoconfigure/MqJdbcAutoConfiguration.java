package io.tandem.spring.autoconfigure;

import io.tandem.client.producer.Producer;
import io.tandem.spring.jdbc.MqIdempotentInvoker;
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
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The starter's tables ({@link MqJdbcSchema}) in the application's single {@link DataSource}, created at startup
 * unless {@code tandem.mq.jdbc.create-tables=false}, and what keeps its records there: the transaction log of sends
 * inside Spring transactions, and, with a single {@link PlatformTransactionManager} as well, the
 * {@link MqIdempotentInvoker} of idempotent listeners; each with the cleaner of its old rows.
 */
@AutoConfiguration(after = MqAutoConfiguration.class,
        afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"})
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
        @ConditionalOnMissingBean(name = "mqTransactionLogCleaner")
        MqTableCleaner mqTransactionLogCleaner(DataSource dataSource, MqProperties properties,
                                               ObjectProvider<Clock> clock) {
            MqProperties.Transaction transaction = properties.getTransaction();
            return new MqTableCleaner(new JdbcTemplate(dataSource), MqJdbcSchema.TRANSACTION_TABLE, "created_at",
                    transaction.getLogRetention(), transaction.getLogCleanupInterval(),
                    clock.getIfAvailable(Clock::systemUTC));
        }
    }

    /** Idempotent listeners: their records are written in the application's transactions and cleaned up. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(PlatformTransactionManager.class)
    static class IdempotentListenerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MqIdempotentInvoker mqIdempotentInvoker(DataSource dataSource, PlatformTransactionManager transactionManager,
                                                ObjectProvider<Clock> clock) {
            return new MqIdempotentInvoker(new JdbcTemplate(dataSource), transactionManager,
                    clock.getIfAvailable(Clock::systemUTC));
        }

        @Bean
        @ConditionalOnMissingBean(name = "mqConsumedTableCleaner")
        MqTableCleaner mqConsumedTableCleaner(DataSource dataSource, MqProperties properties,
                                              ObjectProvider<Clock> clock) {
            MqProperties.Idempotent idempotent = properties.getListener().getIdempotent();
            return new MqTableCleaner(new JdbcTemplate(dataSource), MqJdbcSchema.CONSUMED_TABLE, "consumed_at",
                    idempotent.getRetention(), idempotent.getCleanInterval(), clock.getIfAvailable(Clock::systemUTC));
        }
    }
}
