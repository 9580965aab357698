package io.tandem.app;

import io.tandem.console.cluster.ClusterEndpoints;
import io.tandem.console.stats.StatsSampler;
import io.tandem.server.Broker;
import io.tandem.server.boot.BrokerLifecycle;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import java.net.URI;
import java.util.Optional;

/**
 * Points the admin console (everything else of it comes from {@code ConsoleAutoConfiguration}) at this process:
 * the embedded broker's name server once it has started, and this process's coordinator API on {@code server.port}
 * when the coordinator runs. The console's sampler is declared to depend on the broker, so that it starts after the
 * broker and stops before it (see {@link EmbeddedCoordinatorConfiguration} for the same arrangement of the
 * coordinator's duty). Off with {@code tandem.console.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "tandem.console.enabled", matchIfMissing = true)
public class EmbeddedConsoleConfiguration {

    @Bean
    ClusterEndpoints localClusterEndpoints(BrokerLifecycle broker, Environment environment) {
        return new LocalEndpoints(broker, environment);
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

        LocalEndpoints(BrokerLifecycle broker, Environment environment) {
            this.broker = broker;
            this.environment = environment;
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
