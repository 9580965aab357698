package io.tandem.spring.autoconfigure;

import io.tandem.client.producer.Producer;
import io.tandem.spring.annotation.MqListenerAnnotationBeanPostProcessor;
import io.tandem.spring.transaction.MqTransactionCheckEndpoint;
import io.tandem.spring.transaction.MqTransactionChecks;
import io.tandem.spring.transaction.MqTransactionListenerRegistry;
import io.tandem.spring.transaction.MqTransactionLog;
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

/**
 * Transactional messages, unless {@code tandem.mq.transaction.enabled=false}: the registry of
 * {@code @MqTransactionListener} beans, the {@link MqTransactionChecks} the producer answers check-backs with, and
 * in a servlet web application the HTTP check endpoint. The transaction log itself needs the application's database
 * and comes from {@link MqJdbcAutoConfiguration}.
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

        @Bean
        RouterFunction<ServerResponse> mqTransactionCheckEndpoint(MqTransactionChecks checks, Producer producer,
                                                                  MqProperties properties) {
            return new MqTransactionCheckEndpoint(checks, producer.config().producerGroup())
                    .route(properties.getTransaction().getCheckPath());
        }
    }
}
