package io.tandem.client.e2e;

import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.MqBrokerException;
import io.tandem.client.SendStatus;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.auth.Credentials;
import io.tandem.client.auth.CredentialsProvider;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.protocol.body.AclInfo;
import io.tandem.server.auth.AuthConfig;
import io.tandem.server.testing.RunningBroker;
import io.tandem.testing.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.tandem.client.e2e.TestClients.clientConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Tandem's client signing its requests for a broker with authentication and authorization on. */
class AuthEndToEndTest {

    private static final String ADMIN_SECRET = "tandem-admin-secret-9c1e77";
    private static final String APP_SECRET = "tandem-app-secret-3b8f21";

    @TempDir
    Path directory;

    @AfterEach
    void noThreadsLeft() {
        ThreadLeaks.assertNoClientThreadsLeft();
    }

    @Test
    void shouldSignEveryRequestAndKeepSecretsOutOfLogsToStringAndErrors() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(originalErr, captured), true, StandardCharsets.UTF_8));
        String refusal;
        ClientConfig app;
        try (RunningBroker broker = RunningBroker.configured(builder -> builder
                        .auth(AuthConfig.enabled(new AuthConfig.InitialUser("ops", ADMIN_SECRET))))
                .storingIn(directory).start()) {
            ClientConfig adminConfig = clientConfig(broker).toBuilder().credentials("ops", ADMIN_SECRET).build();
            AtomicReference<Credentials> rotating = new AtomicReference<>(Credentials.of("app", APP_SECRET));
            app = clientConfig(broker).toBuilder().credentials(rotating::get).build();
            try (AdminClient admin = AdminClient.start(adminConfig)) {
                admin.createTopic(TopicSettings.of("payments", 2));
                admin.createTopic(TopicSettings.of("ledger", 2));
                admin.createUser("app", APP_SECRET, "Normal");
                admin.putAcl(new AclInfo("User:app", List.of(new AclInfo.PolicyInfo(null, List.of(
                        new AclInfo.PolicyEntryInfo("Topic:payments", List.of("Pub", "Sub"), null, "Allow"),
                        new AclInfo.PolicyEntryInfo("Topic:ledger", List.of("Get"), null, "Allow"),
                        new AclInfo.PolicyEntryInfo("Group:payment-readers", List.of("Sub"), null, "Allow"))))));
                assertThat(admin.listUsers(null)).extracting(user -> user.username()).containsExactly("app", "ops");
                assertThat(admin.acl("User:app").policies().get(0).entries()).hasSize(3);

                Inbox inbox = new Inbox();
                try (Producer producer = Producer.start(app, ProducerConfig.of("payment-writers"));
                     PushConsumer consumer = PushConsumer.concurrent(app, PushConsumerConfig.builder("payment-readers")
                             .consumeFrom(ConsumeFrom.FIRST_OFFSET).build(), inbox)) {
                    consumer.subscribe("payments", "*").start();
                    assertThat(producer.send(Message.builder("payments").body("signed").build()).status())
                            .isEqualTo(SendStatus.SEND_OK);
                    await().atMost(Duration.ofSeconds(20)).until(() -> inbox.bodies().contains("signed"));
                    assertThatThrownBy(() -> producer.send(Message.builder("ledger").body("no").build()))
                            .hasMessageContaining("User:app has no permission to access Topic:ledger");

                    // Rotation: the broker learns the new secret, the provider hands it out, sends keep working.
                    admin.updateUser("app", "tandem-app-rotated-77aa10", "Normal", "enable");
                    rotating.set(Credentials.of("app", "tandem-app-rotated-77aa10"));
                    assertThat(producer.send(Message.builder("payments").body("rotated").build()).status())
                            .isEqualTo(SendStatus.SEND_OK);
                }
            }
            ClientConfig wrong = clientConfig(broker).toBuilder().credentials("app", APP_SECRET).build();
            try (Producer stale = Producer.start(wrong, ProducerConfig.of("stale-writers"))) {
                Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                        () -> stale.send(Message.builder("payments").body("stale").build()));
                assertThat(failure).hasStackTraceContaining("check signature failed.");
                refusal = failure.toString();
            }
        } finally {
            System.setErr(originalErr);
        }
        String everything = captured.toString(StandardCharsets.UTF_8) + refusal + app
                + CredentialsProvider.of(Credentials.of("app", APP_SECRET)) + Credentials.of("app", APP_SECRET);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log")).toList()) {
                everything += Files.readString(file);
            }
        }
        assertThat(everything).contains("app").doesNotContain(APP_SECRET).doesNotContain(ADMIN_SECRET)
                .doesNotContain("tandem-app-rotated-77aa10");
    }

    @Test
    void shouldFailARequestClearlyWhenTheBrokerWantsCredentialsAndTheClientHasNone() {
        try (RunningBroker broker = RunningBroker.configured(builder -> builder
                .auth(AuthConfig.enabled(new AuthConfig.InitialUser("ops", ADMIN_SECRET)))).start();
             AdminClient anonymous = AdminClient.start(clientConfig(broker))) {
            assertThatThrownBy(anonymous::listTopics)
                    .isInstanceOf(MqBrokerException.class)
                    .hasMessageContaining("username cannot be null.");
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
