package io.tandem.spring.autoconfigure;

import io.tandem.client.producer.Producer;
import io.tandem.spring.annotation.MqListenerAnnotationBeanPostProcessor;
import io.tandem.spring.transaction.MqCheckEndpointAuthentication;
import io.tandem.spring.transaction.MqTransactionCheckEndpoint;
import io.tandem.spring.transaction.MqTransactionChecks;
import io.tandem.spring.transaction.MqTransactionListenerRegistry;
import io.tandem.spring.transaction.MqTransactionLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Clock;

/**
 * Transactional messages, unless {@code tandem.mq.transaction.enabled=false}: the registry of
 * {@code @MqTransactionListener} beans, the {@link MqTransactionChecks} the producer answers check-backs with, and
 * in a servlet web application the HTTP check endpoint, guarded as {@code tandem.mq.check-endpoint} says. The
 * transaction log itself needs the application's database and comes from {@link MqJdbcAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "tandem.mq.transaction.enabled", matchIfMissing = true)
class MqTransactionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static MqTransactionListenerRegistry mqTransactionListenerRegistry() {
        return new MqTransactionListenerRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    MqTransactionChecks mqTransactionChecks(MqTransactionListenerRegistry registry,
                                            ObjectProvider<MqTransactionLog> log,
                                            @Qualifier(MqListenerAnnotationBeanPostProcessor.MESSAGE_CONVERTER_BEAN_NAME)
                                            MessageConverter converter) {
        return new MqTransactionChecks(registry, log, converter);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(RouterFunction.class)
    @ConditionalOnBooleanProperty(name = "tandem.mq.transaction.check-endpoint-enabled", matchIfMissing = true)
    static class CheckEndpointConfiguration {

        private static final Logger LOG = LoggerFactory.getLogger(CheckEndpointConfiguration.class);

        @Bean
        RouterFunction<ServerResponse> mqTransactionCheckEndpoint(MqTransactionChecks checks, Producer producer,
                                                                  MqProperties properties) {
            String path = properties.getTransaction().getCheckPath();
            return new MqTransactionCheckEndpoint(checks, producer.config().producerGroup(),
                    authentication(properties.getCheckEndpoint(), path)).route(path);
        }

        /**
         * Signed requests when a secret is set; otherwise this host only, or anyone when the application says so,
         * with a warning at every start either way.
         */
        static MqCheckEndpointAuthentication authentication(MqProperties.CheckEndpoint settings, String path) {
            if (settings.getSecret() != null) {
                return MqCheckEndpointAuthentication.signed(settings.getSecret(), settings.getPreviousSecret(),
                        settings.getMaxClockSkew(), Clock.systemUTC());
            }
            if (settings.getPreviousSecret() != null) {
                throw new IllegalArgumentException("tandem.mq.check-endpoint.previous-secret is set without "
                        + "tandem.mq.check-endpoint.secret");
            }
            if (settings.isAllowUnauthenticated()) {
                LOG.warn("INSECURE: the transaction check endpoint {} answers unsigned requests from any address "
                        + "(tandem.mq.check-endpoint.allow-unauthenticated=true): anyone who reaches it learns the "
                        + "outcome of this application's transactions; set tandem.mq.check-endpoint.secret", path);
                return MqCheckEndpointAuthentication.unauthenticated();
            }
            LOG.warn("The transaction check endpoint {} has no secret and answers requests from this host only "
                    + "(others get 401); set tandem.mq.check-endpoint.secret, and the same secret on the "
                    + "coordinators, to let them check back from elsewhere", path);
            return MqCheckEndpointAuthentication.loopbackOnly();
        }
    }
}
