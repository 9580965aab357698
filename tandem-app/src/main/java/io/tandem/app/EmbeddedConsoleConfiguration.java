package io.tandem.app;

import io.tandem.console.cluster.ClusterEndpoints;
import io.tandem.console.cluster.CoordinatorCredentials;
import io.tandem.console.stats.StatsSampler;
import io.tandem.server.Broker;
import io.tandem.server.boot.BrokerLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.util.StringUtils;

import java.net.URI;
import java.util.Optional;

/**
 * Points the admin console (everything else of it comes from {@code ConsoleAutoConfiguration}) at this process:
 * the embedded broker's name server once it has started, and this process's coordinator API on {@code server.port}
 * when the coordinator runs. The console's sampler is declared to depend on the broker, so that it starts after the
 * broker and stops before it (see {@link EmbeddedCoordinatorConfiguration} for the same arrangement of the
 * coordinator's duty). With logins on, the console calls the coordinator API as {@link ConsoleCoordinatorAccount}.
 * Off with {@code tandem.console.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "tandem.console.enabled", matchIfMissing = true)
public class EmbeddedConsoleConfiguration {

    @Bean
    ConsoleCoordinatorAccount consoleCoordinatorAccount(Environment environment,
                                                        ObjectProvider<UserDetailsService> users) {
        boolean loginsOn = environment.getProperty("tandem.security.enabled", Boolean.class, true);
        UserDetailsService available = users.getIfAvailable();
        return loginsOn && available != null && EmbeddedCoordinatorConfiguration.isEnabled(environment)
                ? ConsoleCoordinatorAccount.createIn(available) : ConsoleCoordinatorAccount.none();
    }

    @Bean
    ClusterEndpoints localClusterEndpoints(BrokerLifecycle broker, Environment environment,
                                           ConsoleCoordinatorAccount account) {
        return new LocalEndpoints(broker, environment, account.credentials());
    }

    @Bean
    static BeanFactoryPostProcessor consoleSamplerAfterBroker() {
        return beanFactory -> {
            for (String sampler : beanFactory.getBeanNamesForType(StatsSampler.class, true, false)) {
                BeanDefinition definition = beanFactory.getBeanDefinition(sampler);
                definition.setDependsOn(StringUtils.addStringToArray(definition.getDependsOn(),
                        EmbeddedBrokerConfiguration.BROKER_LIFECYCLE));
            }
        };
    }

    /** The broker of this process and, when it runs, the coordinator API of this process. */
    static final class LocalEndpoints implements ClusterEndpoints {

        private final BrokerLifecycle broker;
        private final Environment environment;
        private final Optional<CoordinatorCredentials> credentials;

        LocalEndpoints(BrokerLifecycle broker, Environment environment,
                       Optional<CoordinatorCredentials> credentials) {
            this.broker = broker;
            this.environment = environment;
            this.credentials = credentials;
        }

        @Override
        public Optional<CoordinatorCredentials> coordinatorCredentials() {
            return credentials;
        }

        @Override
        public String nameServers() {
            return broker.broker().map(Broker::nameServerAddress)
                    .orElseThrow(() -> new IllegalStateException("the embedded broker is not running"));
        }

        @Override
        public Optional<URI> coordinatorUrl() {
            String port = environment.getProperty("local.server.port");
            if (!EmbeddedCoordinatorConfiguration.isEnabled(environment) || port == null) {
                return Optional.empty();
            }
            String address = environment.getProperty("server.address", "127.0.0.1");
            String host = address.isBlank() || address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1"
                    : address.contains(":") ? "[" + address + "]" : address;
            return Optional.of(URI.create("http://" + host + ":" + port));
        }
    }
}
