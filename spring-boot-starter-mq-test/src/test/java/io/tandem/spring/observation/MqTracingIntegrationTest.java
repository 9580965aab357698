package io.tandem.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tandem.client.ReceivedMessage;
import io.tandem.spring.annotation.MqDlqHandler;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.listener.Inbox;
import io.tandem.spring.test.EmbeddedMqBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application with OpenTelemetry tracing (W3C propagation) sends with {@link MqTemplate} and consumes
 * with an {@code @MqListener}: the consumer's span continues the producer's trace through the broker.
 */
@SpringBootTest(classes = MqTracingIntegrationTest.App.class, properties = {
        "management.tracing.sampling.probability=1.0",
        "management.opentelemetry.tracing.export.schedule-delay=50ms"})
@AutoConfigureTracing
@EmbeddedMqBroker(topics = {"TracedOrders", "TracedPoison"}, delayLevels = "100ms 100ms 100ms 100ms")
@DirtiesContext
class MqTracingIntegrationTest {

    @Autowired
    MqTemplate template;

    @Autowired
    ObservationRegistry observationRegistry;

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    TracedListener listener;

    @Test
    void shouldContinueTheProducersTraceInTheListener() {
        Observation.createNotStarted("checkout", observationRegistry)
                .observe(() -> template.send("TracedOrders:placed", "order-42"));

        TracedListener.Call call = listener.calls.awaitAtLeast(1).getFirst();
        SpanData checkout = awaitSpan("checkout");
        SpanData send = awaitSpan("TracedOrders send");
        SpanData process = awaitSpan("TracedOrders process");

        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(send.getTraceId()).isEqualTo(checkout.getTraceId());
        assertThat(send.getParentSpanId()).isEqualTo(checkout.getSpanId());
        assertThat(process.getTraceId()).as("the consumer span's trace is the producer span's")
                .isEqualTo(send.getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(call.message().property("traceparent"))
                .isEqualTo("00-" + send.getTraceId() + "-" + send.getSpanId() + "-01");
        assertThat(call.traceId()).as("the listener method runs in the consumer span")
                .isEqualTo(send.getTraceId());
        assertThat(call.spanId()).isEqualTo(process.getSpanId());
        assertThat(send.getAttributes().asMap()).containsValues("TracedOrders", "send", "tandem");
        assertThat(process.getAttributes().asMap()).containsValues("TracedOrders", "traced", "traced-orders",
                call.message().messageId());
    }

    @Test
    void shouldKeepRedeliveriesAndDeadLettersInTheProducersTrace() {
        template.send("TracedPoison", "poison-7");

        TracedListener.Call deadLetter = listener.deadLetters.awaitAtLeast(1).getFirst();
        SpanData send = awaitSpan("TracedPoison send");
        List<SpanData> failed = await().atMost(Inbox.WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("TracedPoison process")).toList(), found -> found.size() == 2);

        assertThat(failed).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(send.getTraceId());
            assertThat(span.getParentSpanId()).isEqualTo(send.getSpanId());
        });
        assertThat(deadLetter.traceId()).as("the dead-letter handler runs in the producer's trace")
                .isEqualTo(send.getTraceId());
        assertThat(awaitSpan("%DLQ%traced-poison process").getParentSpanId()).isEqualTo(send.getSpanId());
    }

    private SpanData awaitSpan(String name) {
        return await().atMost(Inbox.WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name)).findFirst(), found -> found.isPresent()).orElseThrow();
    }

    static class TracedListener {

        record Call(ReceivedMessage message, String traceId, String spanId) {
        }

        final Inbox<Call> calls = new Inbox<>();
        final Inbox<Call> deadLetters = new Inbox<>();
        private final Tracer tracer;

        TracedListener(Tracer tracer) {
            this.tracer = tracer;
        }

        @MqListener(id = "traced", topics = "TracedOrders", group = "traced-orders")
        void onOrder(ReceivedMessage message) {
            calls.add(call(message));
        }

        @MqListener(id = "traced-poison", topics = "TracedPoison", group = "traced-poison", maxReconsumeTimes = "1")
        void onPoison(ReceivedMessage message) {
            throw new IllegalStateException("cannot process " + message.bodyAsString());
        }

        @MqDlqHandler(listener = "traced-poison")
        void onDeadLetter(ReceivedMessage message) {
            deadLetters.add(call(message));
        }

        private Call call(ReceivedMessage message) {
            Span current = tracer.currentSpan();
            return new Call(message, current == null ? null : current.context().traceId(),
                    current == null ? null : current.context().spanId());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TracedListener.class)
    static class App {

        @Bean
        InMemorySpanExporter spanExporter() {
            return InMemorySpanExporter.create();
        }
    }
}
