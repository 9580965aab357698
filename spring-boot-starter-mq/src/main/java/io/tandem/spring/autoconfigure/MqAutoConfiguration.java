package io.tandem.spring.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.tandem.client.ClientConfig;
import io.tandem.client.auth.Credentials;
import io.tandem.client.auth.CredentialsProvider;
import io.tandem.client.remoting.ClientTls;
import io.tandem.client.remoting.RemotingClientConfig;
import io.tandem.client.producer.Producer;
import io.tandem.spring.admin.MqTopic;
import io.tandem.spring.admin.MqTopicCreator;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.spring.annotation.MqListenerAnnotationBeanPostProcessor;
import io.tandem.spring.core.MqSendResilience;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.observation.MqTemplateObservationConvention;
import io.tandem.spring.support.MqMessageConverters;
import io.tandem.spring.transaction.MqTransactionChecks;
import io.tandem.spring.transaction.MqTransactionalSends;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.messaging.converter.MessageConverter;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Auto-configuration of Tandem for Spring Boot applications, from the {@code tandem.mq.*} properties
 * ({@link MqProperties}): the {@link ClientConfig}, a started {@link Producer}, the payload converter
 * {@code mqMessageConverter}, the send retry and circuit breaker ({@link MqSendResilience}), {@link MqTemplate}, and
 * the {@code @MqListener} infrastructure (container factory, endpoint registry, annotation processing). Every bean
 * backs off when the application defines its own. Sends and listener calls are observed in the application's
 * {@code ObservationRegistry}, if it has one ({@link io.tandem.spring.observation.MqObservation}), with its
 * {@code MqTemplateObservationConvention} and {@code MqListenerObservationConvention} beans, if any.
 *
 * <p>Nothing here connects at startup except to create declared topics ({@link MqTopicCreator}, which logs and goes
 * on when the brokers cannot be reached): the producer and the listeners reach the name server on first use, so an
 * application starts while the broker is down and its sends fail (fast, once the circuit breaker is open) until
 * the broker is back.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(Producer.class)
@EnableConfigurationProperties(MqProperties.class)
@Import({MqAnnotationDrivenConfiguration.class, MqTransactionConfiguration.class})
public final class MqAutoConfiguration {

    /** Producer group when neither {@code tandem.mq.producer.group} nor {@code spring.application.name} is set. */
    static final String DEFAULT_PRODUCER_GROUP = "tandem-producer";

    @Bean
    @ConditionalOnMissingBean
    ClientConfig mqClientConfig(MqProperties properties, ObjectProvider<MqClientConfigCustomizer> customizers,
                                ObjectProvider<CredentialsProvider> credentials) {
        MqProperties.Client client = properties.getClient();
        ClientConfig.Builder builder = ClientConfig.builder(properties.getNameServer())
                .clientId(client.getClientId())
                .rpcTimeout(client.getRpcTimeout())
                .heartbeatInterval(client.getHeartbeatInterval())
                .routeRefreshInterval(client.getRouteRefreshInterval())
                .credentials(credentials.getIfUnique())
                .messageTrace(properties.getTrace().isEnabled() ? properties.getTrace().getTopic() : null);
        ClientTls tls = properties.getTls().toClientTls();
        if (tls != null) {
            builder.remoting(RemotingClientConfig.builder().tls(tls).build());
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Signs every request with {@code tandem.mq.access-key} and {@code tandem.mq.secret-key} when both are set; an
     * application's own {@link CredentialsProvider} bean (reading a vault, say) replaces it.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tandem.mq", name = "access-key")
    CredentialsProvider mqCredentialsProvider(MqProperties properties) {
        if (properties.getSecretKey() == null || properties.getSecretKey().isEmpty()) {
            throw new IllegalStateException("tandem.mq.access-key is set but tandem.mq.secret-key is not: set both "
                    + "(the secret through the environment or a secret store) or neither");
        }
        return CredentialsProvider.of(Credentials.of(properties.getAccessKey(), properties.getSecretKey()));
    }

    /**
     * Creates the topics of {@code tandem.mq.topics} and of the application's {@link MqTopic} beans that do not exist
     * yet, before the listeners start.
     */
    @Bean
    @ConditionalOnMissingBean
    MqTopicCreator mqTopicCreator(ClientConfig clientConfig, MqProperties properties,
                                  ObjectProvider<MqTopic> topicBeans) {
        List<MqTopic> topics = new ArrayList<>();
        for (int i = 0; i < properties.getTopics().size(); i++) {
            try {
                topics.add(MqTopic.parse(properties.getTopics().get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("tandem.mq.topics[" + i + "]: " + e.getMessage(), e);
            }
        }
        topicBeans.orderedStream().forEach(topics::add);
        return new MqTopicCreator(clientConfig, topics);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Producer mqProducer(ClientConfig clientConfig, MqProperties properties, Environment environment,
                        ObjectProvider<MqProducerConfigCustomizer> customizers,
                        ObjectProvider<MqTransactionChecks> transactionChecks) {
        MqProperties.Producer producer = properties.getProducer();
        ProducerConfig.Builder builder = ProducerConfig.builder(producerGroup(producer.getGroup(), environment))
                .sendTimeout(producer.getSendTimeout())
                .retryTimes(producer.getRetryTimes())
                .asyncRetryTimes(producer.getAsyncRetryTimes())
                .compressThreshold(Math.toIntExact(producer.getCompressThreshold().toBytes()))
                .maxMessageSize(Math.toIntExact(producer.getMaxMessageSize().toBytes()))
                .checkThreads(properties.getTransaction().getCheckThreads());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        MqTransactionChecks checks = transactionChecks.getIfAvailable();
        return checks == null ? Producer.start(clientConfig, builder.build())
                : Producer.startTransactional(clientConfig, builder.build(), checks);
    }

    @Bean(name = MqListenerAnnotationBeanPostProcessor.MESSAGE_CONVERTER_BEAN_NAME)
    @ConditionalOnMissingBean(name = MqListenerAnnotationBeanPostProcessor.MESSAGE_CONVERTER_BEAN_NAME)
    MessageConverter mqMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
        return MqMessageConverters.createDefault(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MqSendResilience mqSendResilience(MqProperties properties,
                                      ObjectProvider<CircuitBreakerRegistry> circuitBreakerRegistry,
                                      ObjectProvider<RetryRegistry> retryRegistry) {
        MqProperties.CircuitBreaker breaker = properties.getTemplate().getCircuitBreaker();
        CircuitBreaker circuitBreaker = null;
        if (breaker.isEnabled()) {
            CircuitBreakerConfig config = MqSendResilience.circuitBreakerConfig()
                    .failureRateThreshold(breaker.getFailureRateThreshold())
                    .slidingWindowSize(breaker.getSlidingWindowSize())
                    .minimumNumberOfCalls(breaker.getMinimumNumberOfCalls())
                    .waitDurationInOpenState(breaker.getWaitDurationInOpenState())
                    .permittedNumberOfCallsInHalfOpenState(breaker.getPermittedCallsInHalfOpenState())
                    .build();
            CircuitBreakerRegistry registry = circuitBreakerRegistry.getIfAvailable();
            circuitBreaker = registry == null ? CircuitBreaker.of(MqSendResilience.NAME, config)
                    : registry.circuitBreaker(MqSendResilience.NAME, config);
        }
        MqProperties.Retry retrySettings = properties.getTemplate().getRetry();
        Retry retry = null;
        if (retrySettings.isEnabled() && retrySettings.getMaxAttempts() > 1) {
            RetryConfig config = MqSendResilience.retryConfig(retrySettings.getMaxAttempts(),
                    retrySettings.getInitialInterval(), retrySettings.getMultiplier(), retrySettings.getMaxInterval());
            RetryRegistry registry = retryRegistry.getIfAvailable();
            retry = registry == null ? Retry.of(MqSendResilience.NAME, config)
                    : registry.retry(MqSendResilience.NAME, config);
        }
        return new MqSendResilience(circuitBreaker, retry);
    }

    @Bean
    @ConditionalOnMissingBean
    MqTemplate mqTemplate(Producer producer,
                          @Qualifier(MqListenerAnnotationBeanPostProcessor.MESSAGE_CONVERTER_BEAN_NAME)
                          MessageConverter converter,
                          MqSendResilience resilience, ObjectProvider<Clock> clock, MqProperties properties,
                          ObjectProvider<ObservationRegistry> observationRegistry,
                          ObjectProvider<MqTemplateObservationConvention> observationConvention,
                          ObjectProvider<MqTransactionalSends> transactionalSends,
                          ObjectProvider<MqTransactionChecks> transactionChecks) {
        return new MqTemplate(producer, converter, resilience, clock.getIfAvailable(Clock::systemUTC),
                properties.getTemplate().isObservationEnabled()
                        ? observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP,
                observationConvention.getIfUnique(), transactionalSends.getIfAvailable(),
                transactionChecks.getIfAvailable());
    }

    /** The configured group, else the application name made a valid group name, else the default. */
    static String producerGroup(String configured, Environment environment) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String application = environment.getProperty("spring.application.name");
        if (application == null || application.isBlank()) {
            return DEFAULT_PRODUCER_GROUP;
        }
        return application.strip().replaceAll("[^%|a-zA-Z0-9_-]", "-");
    }

    /**
     * Hides the starter's secrets ({@code tandem.mq.secret-key}, {@code tandem.mq.tls.key-password}, in any of
     * their spellings) from the actuator's {@code configprops} and {@code env} endpoints even when an application
     * lets them show values ({@code management.endpoint.*.show-values}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static final class MqSecretsSanitizingConfiguration {

        @Bean
        SanitizingFunction mqSecretsSanitizingFunction() {
            return SanitizingFunction.sanitizeValue().ifKeyMatches(MqProperties::isSecretKeyName);
        }
    }
}
