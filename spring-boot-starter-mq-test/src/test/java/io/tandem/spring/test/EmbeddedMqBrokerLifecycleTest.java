package io.tandem.spring.test;

import io.tandem.client.ClientConfig;
import io.tandem.spring.annotation.MqListener;
import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.listener.Inbox;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextCustomizer;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EmbeddedMqBrokerLifecycleTest {

    private static final List<String> CLIENT_THREAD_PREFIXES = List.of("tandem-consume-", "tandem-client-",
            "tandem-remoting-client", "tandem-mq-send-retry");

    @EmbeddedMqBroker(topics = "LifecycleTopic")
    static class Annotated {
    }

    @EmbeddedMqBroker(topics = "LifecycleTopic")
    static class SameAnnotation {
    }

    @EmbeddedMqBroker(topics = "OtherTopic")
    static class OtherAnnotation {
    }

    static class Unannotated {
    }

    @Test
    void shouldStopTheBrokerDeleteItsDirectoryAndLeaveNoClientThreadWhenTheContextCloses() {
        Set<Thread> before = clientThreads();
        ContextCustomizer customizer = customizerOf(Annotated.class);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .initializers(applicationContext -> customizer.customizeContext(applicationContext, null))
                .run("--tandem.mq.client.route-refresh-interval=3s");
        MqTestBroker broker = context.getBean(MqTestBroker.class);
        Path directory = broker.directory();
        InetSocketAddress nameServer = address(broker.nameServerAddress());
        context.getBean(MqTemplate.class).send("LifecycleTopic", "hello");
        assertThat(context.getBean(Listener.class).received.awaitAtLeast(1)).containsExactly("hello");
        assertThat(clientThreads()).hasSizeGreaterThan(before.size());
        assertThat(context.getBean(ClientConfig.class).routeRefreshInterval()).as("the application's setting wins")
                .isEqualTo(Duration.ofSeconds(3));

        context.close();

        assertThat(directory).doesNotExist();
        assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(nameServer, 1000);
            }
        });
        ThreadLeaks.assertNoneLeftBut(before, CLIENT_THREAD_PREFIXES);
    }

    @Test
    void shouldShareTheBrokerOfContextsWithEqualAnnotationsOnly() {
        assertThat(customizerOf(Annotated.class)).isEqualTo(customizerOf(SameAnnotation.class))
                .hasSameHashCodeAs(customizerOf(SameAnnotation.class))
                .isNotEqualTo(customizerOf(OtherAnnotation.class));
        assertThat(customizerOf(Unannotated.class)).isNull();
    }

    private static ContextCustomizer customizerOf(Class<?> testClass) {
        return new EmbeddedMqBrokerContextCustomizerFactory().createContextCustomizer(testClass, List.of());
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static Set<Thread> clientThreads() {
        return ThreadLeaks.running(CLIENT_THREAD_PREFIXES);
    }

    static class Listener {
        final Inbox<String> received = new Inbox<>();

        @MqListener(topics = "LifecycleTopic", group = "lifecycle-test")
        void onMessage(String message) {
            received.add(message);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listener.class)
    static class App {
    }

}
