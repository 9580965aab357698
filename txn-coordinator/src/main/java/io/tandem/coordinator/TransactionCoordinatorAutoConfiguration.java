package io.tandem.coordinator;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.coordinator.api.AuditController;
import io.tandem.coordinator.api.TransactionController;
import io.tandem.coordinator.audit.AuditFilter;
import io.tandem.coordinator.audit.AuditTrail;
import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.broker.BrokerDirectory;
import io.tandem.coordinator.broker.NameServerBrokerDirectory;
import io.tandem.coordinator.check.CheckDuty;
import io.tandem.coordinator.check.CheckResilience;
import io.tandem.coordinator.check.CheckRound;
import io.tandem.coordinator.check.HalfScanner;
import io.tandem.coordinator.check.HttpCheckChannel;
import io.tandem.coordinator.config.CoordinatorProperties;
import io.tandem.coordinator.decision.DecisionSync;
import io.tandem.coordinator.decision.Resolver;
import io.tandem.coordinator.lease.HalfLeases;
import io.tandem.coordinator.metrics.CoordinatorMetrics;
import io.tandem.coordinator.operator.OperatorActions;
import io.tandem.coordinator.policy.EndOfChecksPolicy;
import io.tandem.coordinator.record.CoordinatorSchema;
import io.tandem.coordinator.record.TransactionRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Locale;

/**
 * Runs the transaction coordinator in any Spring Boot application that has it on the class path: a standalone
 * coordinator ({@code io.tandem.coordinator.app}) or an application that embeds it, such as the broker's. Every
 * bean backs off when the application defines its own; an embedding broker typically defines a
 * {@link BrokerDirectory} that answers with its own address.
 *
 * <p>It needs a {@link DataSource} with Spring Data JDBC's {@link JdbcAggregateOperations} (Spring Boot's JDBC and
 * Data JDBC auto-configuration provide both; with no URL configured that is an in-memory H2 database). It creates
 * its tables with Flyway ({@link CoordinatorSchema}). Resilience4j registries come from
 * {@code resilience4j-spring-boot4}, or are created with defaults. The HTTP API is registered in servlet web
 * applications. Off with {@code tandem.coordinator.enabled=false}.
 *
 * <p>Every operator and admin request on the HTTP ports is written to the audit trail ({@link AuditTrail}, in the
 * same database) by an {@link AuditFilter} that the HTTP security configuration places in its filter chains; the
 * filter is not registered with the servlet container on its own.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
        "io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration",
        "io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration",
        "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
        "org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "tandem.coordinator.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CoordinatorProperties.class)
public final class TransactionCoordinatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock tandemCoordinatorClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    BrokerDirectory tandemBrokerDirectory(CoordinatorProperties properties, Clock clock) {
        if (properties.nameServers().isEmpty()) {
            return properties::brokers;
        }
        return new NameServerBrokerDirectory(properties.brokers(), properties.nameServers(),
                properties.nameServerRefresh(), properties.brokerTimeout(), properties.brokerCredentials(),
                properties.brokerTls().toClientTls(), clock);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    BrokerAdminClient tandemBrokerAdminClient(CoordinatorProperties properties, BrokerDirectory brokers) {
        return new BrokerAdminClient(properties.brokerTimeout(), properties.brokerCredentials(),
                properties.brokerTls().toClientTls(), brokers);
    }

    @Bean
    @ConditionalOnMissingBean
    CoordinatorSchema tandemCoordinatorSchema(DataSource dataSource) {
        CoordinatorSchema schema = new CoordinatorSchema(dataSource);
        schema.migrate();
        return schema;
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionRecord tandemTransactionRecord(CoordinatorSchema schema, JdbcAggregateOperations aggregates,
                                              NamedParameterJdbcOperations jdbc,
                                              PlatformTransactionManager transactionManager, Clock clock) {
        return new TransactionRecord(aggregates, jdbc, new TransactionTemplate(transactionManager), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    AuditTrail tandemAuditTrail(CoordinatorSchema schema, NamedParameterJdbcOperations jdbc) {
        return new AuditTrail(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    HalfLeases tandemHalfLeases(CoordinatorSchema schema, JdbcAggregateOperations aggregates,
                                NamedParameterJdbcOperations jdbc, PlatformTransactionManager transactionManager) {
        return new HalfLeases(aggregates, jdbc, new TransactionTemplate(transactionManager));
    }

    @Bean
    @ConditionalOnMissingBean
    CoordinatorMetrics tandemCoordinatorMetrics(ObjectProvider<MeterRegistry> registry, Clock clock) {
        return new CoordinatorMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerRegistry tandemCircuitBreakerRegistry() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimiterRegistry tandemRateLimiterRegistry() {
        return RateLimiterRegistry.ofDefaults();
    }

    @Bean
    @ConditionalOnMissingBean
    RetryRegistry tandemRetryRegistry() {
        return RetryRegistry.ofDefaults();
    }

    @Bean
    @ConditionalOnMissingBean
    CheckResilience tandemCheckResilience(CircuitBreakerRegistry breakers, RateLimiterRegistry limiters,
                                          RetryRegistry retries) {
        return new CheckResilience(breakers, limiters, retries);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    HttpCheckChannel tandemHttpCheckChannel(CoordinatorProperties properties, ObjectProvider<DiscoveryClient> discovery,
                                            CheckResilience resilience, Clock clock) {
        return new HttpCheckChannel(properties, discovery.getIfAvailable(), resilience, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    EndOfChecksPolicy tandemEndOfChecksPolicy(CoordinatorProperties properties) {
        return new EndOfChecksPolicy(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    DecisionSync tandemDecisionSync(BrokerAdminClient admin, TransactionRecord record, CoordinatorMetrics metrics,
                                    CoordinatorProperties properties) {
        return new DecisionSync(admin, record, metrics, properties.instanceId(), properties.pageSize());
    }

    @Bean
    @ConditionalOnMissingBean
    Resolver tandemResolver(BrokerAdminClient admin, TransactionRecord record, DecisionSync decisions,
                            CoordinatorProperties properties, Clock clock) {
        return new Resolver(admin, record, decisions, properties.instanceId(), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    HalfScanner tandemHalfScanner(BrokerAdminClient admin, TransactionRecord record, CoordinatorProperties properties,
                                  Clock clock) {
        return new HalfScanner(admin, record, properties.pageSize(), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    CheckRound tandemCheckRound(CoordinatorProperties properties, BrokerAdminClient admin, TransactionRecord record,
                                HalfLeases leases, DecisionSync decisions, Resolver resolver, HttpCheckChannel http,
                                EndOfChecksPolicy policy, CheckResilience resilience, CoordinatorMetrics metrics,
                                ApplicationEventPublisher events, Clock clock) {
        return new CheckRound(properties, admin, record, leases, decisions, resolver, http, policy, resilience,
                metrics, events, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    CheckDuty tandemCheckDuty(CoordinatorProperties properties, BrokerDirectory brokers, HalfScanner scanner,
                              DecisionSync decisions, HalfLeases leases, CheckRound round, TransactionRecord record,
                              CoordinatorMetrics metrics, Clock clock) {
        return new CheckDuty(properties, brokers, scanner, decisions, leases, round, record, metrics, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    OperatorActions tandemOperatorActions(BrokerAdminClient admin, TransactionRecord record, Resolver resolver,
                                          DecisionSync decisions, CoordinatorProperties properties, Clock clock) {
        return new OperatorActions(admin, record, resolver, decisions, properties.instanceId(), clock);
    }

    /**
     * Hides the coordinator's secrets ({@code tandem.coordinator.secret-key}, {@code broker-tls.key-password},
     * {@code http.secret} and each producer group's {@code secret}, in any of their spellings) from the actuator's
     * {@code configprops} and {@code env} endpoints even when an application lets them show values.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static final class SecretsSanitizing {

        @Bean
        SanitizingFunction tandemCoordinatorSecretsSanitizingFunction() {
            return SanitizingFunction.sanitizeValue().ifKeyMatches(SecretsSanitizing::isSecret);
        }

        static boolean isSecret(String key) {
            String normalized = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
            return normalized.startsWith("tandemcoordinator") && (normalized.endsWith("secret")
                    || normalized.endsWith("secretkey") || normalized.endsWith("keypassword"));
        }
    }

    /** The operators' HTTP API, in servlet web applications. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static final class Api {

        @Bean
        @ConditionalOnMissingBean
        TransactionController tandemTransactionController(TransactionRecord record, OperatorActions actions,
                                                          Clock clock) {
            return new TransactionController(record, actions, clock);
        }

        @Bean
        @ConditionalOnMissingBean
        AuditController tandemAuditController(AuditTrail trail) {
            return new AuditController(trail);
        }
    }

    /** The filter that writes the audit trail, where Spring Security is there to place it in its chains. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.security.web.SecurityFilterChain")
    static final class Audit {

        @Bean
        @ConditionalOnMissingBean
        AuditFilter tandemAuditFilter(AuditTrail trail, CoordinatorProperties properties, Clock clock) {
            return new AuditFilter(trail, clock, properties.instanceId(), TransactionController.AUDITED);
        }

        /** Keeps the container from running the filter outside the security chains (and twice). */
        @Bean
        FilterRegistrationBean<AuditFilter> tandemAuditFilterRegistration(AuditFilter filter) {
            FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(filter);
            registration.setEnabled(false);
            return registration;
        }
    }
}
