package io.tandem.spring.autoconfigure;

import io.tandem.spring.jdbc.MqJdbcSchema;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * The starter's tables ({@link MqJdbcSchema}) in the application's single {@link DataSource}, created at startup
 * unless {@code tandem.mq.jdbc.create-tables=false}. The transaction log and idempotent listeners depend on this.
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
}
