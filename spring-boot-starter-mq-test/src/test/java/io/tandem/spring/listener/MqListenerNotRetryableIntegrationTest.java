package io.tandem.spring.listener;

import io.tandem.spring.annotation.MqDlqHandler;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.support.MqHeaders;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.test.annotation.DirtiesContext;

import java.time.DateTimeException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exceptions classified as not worth retrying, by the annotation or by
 * {@code tandem.mq.listener.not-retryable-exceptions},
 * send a message to the dead-letter queue after its first delivery; other failures are retried first.
 */
@SpringBootTest(classes = MqListenerNotRetryableIntegrationTest.App.class,
        properties = "tandem.mq.listener.not-retryable-exceptions=java.time.DateTimeException")
@EmbeddedMqBroker(topics = {"NotRetryableByAnnotation", "NotRetryableByProperty", "Retryable"},
        delayLevels = "100ms 100ms 100ms 100ms 100ms 100ms 100ms 100ms")
@DirtiesContext
class MqListenerNotRetryableIntegrationTest {

    @Autowired
    MqTemplate template;

    @Autowired
    AnnotationClassified byAnnotation;

    @Autowired
    PropertyClassified byProperty;

    @Autowired
    Unclassified unclassified;

    @Test
    void shouldDeadLetterAMessageAtOnceWhenTheListenerThrowsANotRetryableException() {
        template.send("NotRetryableByAnnotation", "malformed");

        assertThat(byAnnotation.deadLetters.awaitAtLeast(1)).containsExactly("malformed@1");
        assertThat(byAnnotation.calls.items()).containsExactly("malformed");
    }

    @Test
    void shouldDeadLetterAtOnceWhenTheCauseIsOfAConfiguredType() {
        template.send("NotRetryableByProperty", "late");

        assertThat(byProperty.deadLetters.awaitAtLeast(1)).containsExactly("late@1");
        assertThat(byProperty.calls.items()).containsExactly("late");
    }

    @Test
    void shouldRetryOtherFailuresBeforeTheDeadLetterQueue() {
        template.send("Retryable", "flaky");

        assertThat(unclassified.deadLetters.awaitAtLeast(1)).hasSize(1);
        assertThat(unclassified.calls.items()).containsExactly("flaky", "flaky", "flaky");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        AnnotationClassified annotationClassified() {
            return new AnnotationClassified();
        }

        @Bean
        PropertyClassified propertyClassified() {
            return new PropertyClassified();
        }

        @Bean
        Unclassified unclassified() {
            return new Unclassified();
        }
    }

    static class AnnotationClassified {

        final Inbox<String> calls = new Inbox<>();
        final Inbox<String> deadLetters = new Inbox<>();

        @MqListener(topics = "NotRetryableByAnnotation", group = "not-retryable-annotation",
                notRetryable = IllegalArgumentException.class)
        void onMessage(String body) {
            calls.add(body);
            throw new IllegalArgumentException("cannot read " + body);
        }

        @MqDlqHandler
        void onDeadLetter(String body, @Header(MqHeaders.RECONSUME_TIMES) int reconsumeTimes) {
            deadLetters.add(body + "@" + reconsumeTimes);
        }
    }

    static class PropertyClassified {

        final Inbox<String> calls = new Inbox<>();
        final Inbox<String> deadLetters = new Inbox<>();

        @MqListener(topics = "NotRetryableByProperty", group = "not-retryable-property")
        void onMessage(String body) {
            calls.add(body);
            throw new IllegalStateException("cannot schedule " + body, new DateTimeException("in the past"));
        }

        @MqDlqHandler
        void onDeadLetter(String body, @Header(MqHeaders.RECONSUME_TIMES) int reconsumeTimes) {
            deadLetters.add(body + "@" + reconsumeTimes);
        }
    }

    static class Unclassified {

        final Inbox<String> calls = new Inbox<>();
        final Inbox<String> deadLetters = new Inbox<>();

        @MqListener(topics = "Retryable", group = "retryable", maxReconsumeTimes = "2")
        void onMessage(String body) {
            calls.add(body);
            throw new IllegalStateException("not now: " + body);
        }

        @MqDlqHandler
        void onDeadLetter(String body) {
            deadLetters.add(body);
        }
    }
}
