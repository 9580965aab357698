package io.tandem.spring.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.tandem.client.ClientConfig;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.spring.annotation.MqBootstrapConfiguration;
import io.tandem.spring.annotation.MqDlqHandler;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.config.MqConsumerConfigCustomizer;
import io.tandem.spring.config.MqListenerContainerFactory;
import io.tandem.spring.config.MqListenerEndpoint;
import io.tandem.spring.config.MqListenerEndpointRegistry;
import io.tandem.spring.core.MqSendResilience;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.listener.MqListenerContainer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MqAutoConfiguration.class));

    @Test
    void shouldProvideTheClientTheProducerTheTemplateAndTheListenerInfrastructure() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(ClientConfig.class)
                    .hasSingleBean(Producer.class)
                    .hasSingleBean(MqTemplate.class)
                    .hasSingleBean(MqSendResilience.class)
                    .hasSingleBean(MqListenerContainerFactory.class)
                    .hasSingleBean(MqListenerEndpointRegistry.class)
                    .hasBean("mqMessageConverter")
                    .hasBean(MqBootstrapConfiguration.ANNOTATION_PROCESSOR_BEAN_NAME);
            assertThat(context.getBean(ClientConfig.class).nameServerAddresses()).containsExactly("127.0.0.1:9876");
            ProducerConfig producer = context.getBean(Producer.class).config();
            assertThat(producer.producerGroup()).isEqualTo("tandem-producer");
            assertThat(producer.sendTimeout()).isEqualTo(Duration.ofSeconds(3));
            MqSendResilience resilience = context.getBean(MqSendResilience.class);
            assertThat(resilience.circuitBreaker().getName()).isEqualTo(MqSendResilience.NAME);
            assertThat(resilience.retry().getRetryConfig().getMaxAttempts()).isEqualTo(3);
        });
    }

    @Test
    void shouldBindTheClientAndProducerProperties() {
        contextRunner.withPropertyValues("tandem.mq.name-server=10.0.0.1:9876;10.0.0.2:9876",
                "tandem.mq.client.client-id=orders-1", "tandem.mq.client.rpc-timeout=5s",
                "tandem.mq.client.heartbeat-interval=10s", "tandem.mq.client.route-refresh-interval=15s",
                "tandem.mq.producer.group=orders", "tandem.mq.producer.send-timeout=7s",
                "tandem.mq.producer.retry-times=4", "tandem.mq.producer.async-retry-times=1",
                "tandem.mq.producer.compress-threshold=8KB", "tandem.mq.producer.max-message-size=1MB")
                .run(context -> {
                    ClientConfig client = context.getBean(ClientConfig.class);
                    assertThat(client.nameServerAddresses()).containsExactly("10.0.0.1:9876", "10.0.0.2:9876");
                    assertThat(client.clientId()).isEqualTo("orders-1");
                    assertThat(client.rpcTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(client.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(client.routeRefreshInterval()).isEqualTo(Duration.ofSeconds(15));
                    ProducerConfig producer = context.getBean(Producer.class).config();
                    assertThat(producer.producerGroup()).isEqualTo("orders");
                    assertThat(producer.sendTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(producer.retryTimes()).isEqualTo(4);
                    assertThat(producer.asyncRetryTimes()).isEqualTo(1);
                    assertThat(producer.compressThreshold()).isEqualTo(8 * 1024);
                    assertThat(producer.maxMessageSize()).isEqualTo(1024 * 1024);
                });
    }

    @Test
    void shouldLeaveMessageTraceOffUnlessEnabled() {
        contextRunner.run(context -> assertThat(context.getBean(ClientConfig.class).messageTrace()).isFalse());
        contextRunner.withPropertyValues("tandem.mq.trace.enabled=true").run(context -> assertThat(
                context.getBean(ClientConfig.class).traceTopic()).isEqualTo(ClientConfig.DEFAULT_TRACE_TOPIC));
        contextRunner.withPropertyValues("tandem.mq.trace.enabled=true", "tandem.mq.trace.topic=orders-trace")
                .run(context -> assertThat(context.getBean(ClientConfig.class).traceTopic())
                        .isEqualTo("orders-trace"));
        contextRunner.withPropertyValues("tandem.mq.trace.topic=orders-trace")
                .run(context -> assertThat(context.getBean(ClientConfig.class).messageTrace()).isFalse());
    }

    @Test
    void shouldFailToStartWithAClearMessageForAnInvalidTraceTopic() {
        contextRunner.withPropertyValues("tandem.mq.trace.enabled=true", "tandem.mq.trace.topic=orders trace")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("traceTopic must be 1 to 127 characters of [A-Za-z0-9_%|-]: "
                                + "'orders trace'"));
    }

    @Test
    void shouldNameTheProducerGroupAfterTheApplicationWhenNoGroupIsSet() {
        contextRunner.withPropertyValues("spring.application.name=order service")
                .run(context -> assertThat(context.getBean(Producer.class).config().producerGroup())
                        .isEqualTo("order-service"));
    }

    @Test
    void shouldApplyTheCustomizers() {
        contextRunner.withUserConfiguration(CustomizerConfiguration.class).run(context -> {
            assertThat(context.getBean(ClientConfig.class).rpcTimeout()).isEqualTo(Duration.ofMillis(1234));
            assertThat(context.getBean(Producer.class).config().retryTimes()).isZero();
            MqListenerContainer container = context.getBean(MqListenerContainerFactory.class)
                    .createListenerContainer(endpoint("customized").group("g").build());
            assertThat(container.consumerConfig().pullBatchSize()).isEqualTo(7);
        });
    }

    @Test
    void shouldBackOffWhenTheApplicationDefinesItsOwnBeans() {
        contextRunner.withUserConfiguration(OwnBeansConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(ClientConfig.class).hasSingleBean(MqListenerContainerFactory.class);
            assertThat(context.getBean(ClientConfig.class)).isSameAs(context.getBean(OwnBeansConfiguration.class)
                    .clientConfig);
            assertThat(context.getBean("mqMessageConverter")).isInstanceOf(StringMessageConverter.class);
            assertThat(context.getBean(MqListenerContainerFactory.class).createListenerContainer(
                    endpoint("own").group("g").build()).concurrency()).isEqualTo(2);
        });
    }

    @Test
    void shouldConfigureTheContainerFactoryFromTheConsumerAndListenerProperties() {
        contextRunner.withPropertyValues("tandem.mq.consumer.group=billing",
                "tandem.mq.consumer.consume-from=first-offset", "tandem.mq.consumer.max-reconsume-times=3",
                "tandem.mq.consumer.pull-batch-size=8", "tandem.mq.consumer.rebalance-interval=2s",
                "tandem.mq.consumer.offset-commit-interval=3s", "tandem.mq.listener.concurrency=5",
                "tandem.mq.listener.shutdown-timeout=4s", "tandem.mq.listener.auto-startup=false")
                .run(context -> {
                    MqListenerContainerFactory factory = context.getBean(MqListenerContainerFactory.class);
                    MqListenerContainer container = factory.createListenerContainer(endpoint("defaults").build());
                    PushConsumerConfig config = container.consumerConfig();
                    assertThat(config.consumerGroup()).isEqualTo("billing");
                    assertThat(config.consumeFrom()).isEqualTo(ConsumeFrom.FIRST_OFFSET);
                    assertThat(config.maxReconsumeTimes()).isEqualTo(3);
                    assertThat(config.pullBatchSize()).isEqualTo(8);
                    assertThat(config.rebalanceInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(config.offsetCommitInterval()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(config.consumeThreads()).isEqualTo(5);
                    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(container.isAutoStartup()).isFalse();

                    MqListenerContainer overridden = factory.createListenerContainer(endpoint("overridden")
                            .group("audit").concurrency(2).maxReconsumeTimes(1).autoStartup(true).build());
                    assertThat(overridden.group()).isEqualTo("audit");
                    assertThat(overridden.concurrency()).isEqualTo(2);
                    assertThat(overridden.consumerConfig().maxReconsumeTimes()).isEqualTo(1);
                    assertThat(overridden.isAutoStartup()).isTrue();
                });
    }

    @Test
    void shouldMapTheListenerRetryBackOffOntoTheConfiguredDelayLevels() {
        contextRunner.withPropertyValues("tandem.mq.consumer.group=billing",
                "tandem.mq.consumer.delay-levels=100ms,200ms,400ms,800ms,2s",
                "tandem.mq.listener.retry.initial-interval=150ms", "tandem.mq.listener.retry.multiplier=2")
                .run(context -> {
                    MqListenerContainerFactory factory = context.getBean(MqListenerContainerFactory.class);
                    // waits 150, 300, 600, 1200 ms, then 2 s (the longest level)
                    assertThat(factory.createListenerContainer(endpoint("defaults").build()).consumerConfig()
                            .retryDelayLevels()).containsExactly(2, 3, 4, 5);
                    MqListenerContainer own = factory.createListenerContainer(endpoint("own")
                            .retryBackOff(Duration.ofMillis(100), 1.0, null).build());
                    assertThat(own.consumerConfig().retryDelayLevels()).containsExactly(1);
                    assertThatThrownBy(() -> factory.createListenerContainer(endpoint("bad")
                            .retryBackOff(Duration.ofSeconds(1), 0.5, null).build()))
                            .hasMessageContaining("listener bad").hasMessageContaining("multiplier must be at least 1");
                });
        contextRunner.withPropertyValues("tandem.mq.consumer.group=billing").run(context -> assertThat(
                context.getBean(MqListenerContainerFactory.class).createListenerContainer(endpoint("broker").build())
                        .consumerConfig().retryDelayLevels()).isEmpty());
    }

    @Test
    void shouldBindTheRetryAndCircuitBreakerProperties() {
        contextRunner.withPropertyValues("tandem.mq.template.retry.max-attempts=5",
                "tandem.mq.template.circuit-breaker.failure-rate-threshold=80",
                "tandem.mq.template.circuit-breaker.sliding-window-size=20",
                "tandem.mq.template.circuit-breaker.minimum-number-of-calls=10",
                "tandem.mq.template.circuit-breaker.wait-duration-in-open-state=30s")
                .run(context -> {
                    MqSendResilience resilience = context.getBean(MqSendResilience.class);
                    assertThat(resilience.retry().getRetryConfig().getMaxAttempts()).isEqualTo(5);
                    var breaker = resilience.circuitBreaker().getCircuitBreakerConfig();
                    assertThat(breaker.getFailureRateThreshold()).isEqualTo(80f);
                    assertThat(breaker.getSlidingWindowSize()).isEqualTo(20);
                    assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(10);
                    assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(30_000L);
                });
    }

    @Test
    void shouldSendWithoutRetryOrCircuitBreakerWhenBothAreDisabled() {
        contextRunner.withPropertyValues("tandem.mq.template.retry.enabled=false",
                "tandem.mq.template.circuit-breaker.enabled=false").run(context -> {
                    MqSendResilience resilience = context.getBean(MqSendResilience.class);
                    assertThat(resilience.retry()).isNull();
                    assertThat(resilience.circuitBreaker()).isNull();
                });
    }

    @Test
    void shouldRegisterTheCircuitBreakerWithTheApplicationsResilience4jRegistry() {
        contextRunner.withBean(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults).run(context -> {
            CircuitBreaker breaker = context.getBean(MqSendResilience.class).circuitBreaker();
            assertThat(context.getBean(CircuitBreakerRegistry.class).getAllCircuitBreakers()).containsExactly(breaker);
        });
    }

    @Test
    void shouldFailToStartWithAClearMessageForAnInvalidNameServer() {
        contextRunner.withPropertyValues("tandem.mq.name-server=localhost").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("name server address must be host:port: 'localhost'"));
    }

    @Test
    void shouldFailToStartWhenAListenerNamesNoGroupAndThereIsNoDefault() {
        contextRunner.withUserConfiguration(GrouplessListener.class).run(context ->
                assertThat(context).getFailure()
                        .hasMessageContaining("names no consumer group and tandem.mq.consumer.group is not set"));
    }

    @Test
    void shouldFailToStartWhenADeadLetterHandlerDoesNotSayWhichListenerItServes() {
        contextRunner.withUserConfiguration(AmbiguousDeadLetterHandler.class).run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("@MqDlqHandler on Listeners.onDead must name its listener"));
    }

    @Test
    void shouldRegisterAContainerForEachListenerWithoutStartingItWhenAutoStartupIsOff() {
        contextRunner.withUserConfiguration(GrouplessListener.class)
                .withPropertyValues("tandem.mq.consumer.group=default-group", "tandem.mq.listener.auto-startup=false")
                .run(context -> {
                    MqListenerEndpointRegistry registry = context.getBean(MqListenerEndpointRegistry.class);
                    MqListenerContainer container = registry.getListenerContainer("groupless.onMessage");
                    assertThat(container.group()).isEqualTo("default-group");
                    assertThat(container.topics()).containsExactly("Orders");
                    assertThat(container.isRunning()).isFalse();
                });
    }

    @Test
    void shouldPublishConfigurationMetadataForTheProperties() throws IOException {
        String metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
                .getContentAsString(StandardCharsets.UTF_8);

        assertThat(metadata).contains("\"name\": \"tandem.mq.name-server\"",
                "Name server addresses, host:port, several separated by ';'.",
                "\"name\": \"tandem.mq.producer.send-timeout\"",
                "\"name\": \"tandem.mq.template.circuit-breaker.wait-duration-in-open-state\"",
                "\"name\": \"tandem.mq.listener.concurrency\"");
    }

    private static MqListenerEndpoint.Builder endpoint(String id) {
        return MqListenerEndpoint.builder(id).topics("Orders").listener(message -> { });
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {

        @Bean
        MqClientConfigCustomizer clientCustomizer() {
            return builder -> builder.rpcTimeout(Duration.ofMillis(1234));
        }

        @Bean
        MqProducerConfigCustomizer producerCustomizer() {
            return builder -> builder.retryTimes(0);
        }

        @Bean
        MqConsumerConfigCustomizer consumerCustomizer() {
            return (listenerId, builder) -> builder.pullBatchSize(7);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeansConfiguration {

        final ClientConfig clientConfig = ClientConfig.of("127.0.0.2:9876");

        @Bean
        ClientConfig ownClientConfig() {
            return clientConfig;
        }

        @Bean
        MessageConverter mqMessageConverter() {
            return new StringMessageConverter();
        }

        @Bean
        MqListenerContainerFactory mqListenerContainerFactory(ClientConfig clientConfig) {
            MqListenerContainerFactory factory = new MqListenerContainerFactory(clientConfig);
            factory.setConcurrency(2);
            return factory;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GrouplessListener {

        @Bean
        Listener groupless() {
            return new Listener();
        }

        static class Listener {
            @MqListener(topics = "Orders")
            void onMessage(String message) {
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AmbiguousDeadLetterHandler {

        @Bean
        Listeners listeners() {
            return new Listeners();
        }

        static class Listeners {
            @MqListener(topics = "Orders", group = "a")
            void first(String message) {
            }

            @MqListener(topics = "Orders", group = "b")
            void second(String message) {
            }

            @MqDlqHandler
            void onDead(String message) {
            }
        }
    }
}
