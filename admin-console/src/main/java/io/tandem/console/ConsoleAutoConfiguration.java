package io.tandem.console;

import io.tandem.console.audit.AuditLog;
import io.tandem.console.cluster.ClusterAccess;
import io.tandem.console.cluster.ClusterEndpoints;
import io.tandem.console.cluster.ConfiguredEndpoints;
import io.tandem.console.config.ConsoleProperties;
import io.tandem.console.coordinator.CoordinatorClient;
import io.tandem.console.message.DeadLetters;
import io.tandem.console.message.MessageSearch;
import io.tandem.console.stats.StatsHistory;
import io.tandem.console.stats.StatsSampler;
import io.tandem.console.trace.MessageTracer;
import io.tandem.console.web.ConsoleControllers;
import io.tandem.console.web.Formats;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The admin console in a servlet web application: its pages at {@code /} (see {@link ConsoleControllers}), the
 * cluster connections, the sampler and its history, the coordinator client, the audit trail. Off with
 * {@code tandem.console.enabled=false}. Where the cluster is comes from a {@link ClusterEndpoints} bean: the
 * application's own (tandem-app gives its embedded broker and coordinator), or {@code tandem.console.name-servers}
 * and {@code tandem.console.coordinator-url}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "tandem.console.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConsoleProperties.class)
@Import(ConsoleControllers.class)
public final class ConsoleAutoConfiguration {

    /** How far back message searches of the trace page look. */
    private static final Duration TRACE_WINDOW = Duration.ofDays(30);

    @Bean
    @ConditionalOnMissingBean
    ClusterEndpoints clusterEndpoints(ConsoleProperties properties) {
        return new ConfiguredEndpoints(properties);
    }

    @Bean(destroyMethod = "close")
    ClusterAccess consoleClusterAccess(ClusterEndpoints endpoints) {
        return new ClusterAccess(endpoints);
    }

    @Bean
    StatsHistory consoleStatsHistory(ConsoleProperties properties, ObjectProvider<Clock> clock) {
        return new StatsHistory(properties.samplesKept(), properties.history(), clockOf(clock));
    }

    @Bean
    StatsSampler consoleStatsSampler(ClusterAccess cluster, StatsHistory history, ConsoleProperties properties,
                                     ObjectProvider<Clock> clock) {
        return new StatsSampler(cluster, history, properties.sampleInterval(), clockOf(clock));
    }

    @Bean
    CoordinatorClient consoleCoordinatorClient(ClusterEndpoints endpoints) {
        return new CoordinatorClient(endpoints, Duration.ofSeconds(5));
    }

    @Bean
    AuditLog consoleAuditLog(ConsoleProperties properties, ObjectProvider<Clock> clock) {
        return new AuditLog(properties.auditFile(), clockOf(clock));
    }

    @Bean
    MessageSearch consoleMessageSearch(ClusterAccess cluster) {
        return new MessageSearch(cluster);
    }

    @Bean
    DeadLetters consoleDeadLetters(ClusterAccess cluster, MessageSearch search, AuditLog audit) {
        return new DeadLetters(cluster, search, audit);
    }

    @Bean
    MessageTracer consoleMessageTracer(ClusterAccess cluster, MessageSearch search, CoordinatorClient coordinator,
                                       ObjectProvider<Clock> clock) {
        return new MessageTracer(cluster, search, coordinator, clockOf(clock), TRACE_WINDOW);
    }

    @Bean
    Formats consoleFormats(ObjectProvider<Clock> clock) {
        return new Formats(clockOf(clock), ZoneId.systemDefault());
    }

    /** The application's clock when it has one (the coordinator's), else the system clock. */
    private static Clock clockOf(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }
}
