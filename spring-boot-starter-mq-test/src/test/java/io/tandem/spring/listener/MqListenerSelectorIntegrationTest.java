package io.tandem.spring.listener;

import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.autoconfigure.MqAutoConfiguration;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.test.EmbeddedMqBroker;
import io.tandem.spring.test.MqTestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Listeners selecting by SQL92 expressions over message properties, against the embedded broker. */
@SpringBootTest(classes = MqListenerSelectorIntegrationTest.App.class)
@EmbeddedMqBroker(topics = "SelectorPayments", queues = 1)
@DirtiesContext
class MqListenerSelectorIntegrationTest {

    @Autowired
    MqTemplate template;

    @Autowired
    PaymentListeners listeners;

    @Autowired
    MqTestBroker broker;

    @Test
    void shouldDeliverOnlyTheMessagesWhosePropertiesMatchTheSql92Selector() {
        send("card", "5 eu", 5, "eu");
        send("card", "50 eu", 50, "eu");
        send("card", "500 us", 500, "us");
        send("refund", "70 eu refund", 70, "eu");
        send("card", "5000 eu", 5000, "eu");

        // One queue and one thread: when the last match arrives, every earlier message has been either delivered or
        // left out by the broker.
        await().atMost(Inbox.WAIT).until(() -> listeners.sql.items().contains("5000 eu"));
        assertThat(listeners.sql.items()).containsExactly("50 eu", "5000 eu");
        assertThat(listeners.all.awaitAtLeast(5)).hasSize(5);
    }

    @Test
    void shouldFailTheStartWithTheBrokersReasonWhenItCannotParseTheExpression() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MqAutoConfiguration.class))
                .withPropertyValues("tandem.mq.name-server=" + broker.nameServerAddress())
                .withUserConfiguration(InvalidSelector.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("consumer selector-invalid cannot select messages of SelectorPayments"
                                + " with SQL92 'amount >>> 3'")
                        .hasMessageContaining("cannot parse SQL92 expression"));
    }

    private void send(String tag, String body, int amount, String region) {
        template.send("SelectorPayments:" + tag, MessageBuilder.withPayload(body).setHeader("amount", amount)
                .setHeader("region", region).build());
    }

    static class PaymentListeners {
        final Inbox<String> sql = new Inbox<>();
        final Inbox<String> all = new Inbox<>();

        @MqListener(topics = "SelectorPayments", group = "selector-sql", concurrency = "1",
                selectorType = SelectorType.SQL92, selector = "region = 'eu' AND amount >= 50 AND TAGS <> 'refund'")
        void onLargeEuropeanCardPayment(String payment) {
            sql.add(payment);
        }

        @MqListener(topics = "SelectorPayments", group = "selector-all")
        void onPayment(String payment) {
            all.add(payment);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InvalidSelector {

        @Bean
        Listener invalid() {
            return new Listener();
        }

        static class Listener {
            @MqListener(topics = "SelectorPayments", group = "selector-invalid", selectorType = SelectorType.SQL92,
                    selector = "amount >>> 3")
            void onPayment(String payment) {
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(PaymentListeners.class)
    static class App {
    }
}
