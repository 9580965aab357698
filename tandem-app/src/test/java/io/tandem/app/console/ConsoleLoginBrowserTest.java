package io.tandem.app.console;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import io.tandem.app.TandemApplication;
import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionState;
import io.tandem.server.boot.BrokerLifecycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tandem.app.console.ConsoleBrowser.shows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's login in a real headless Chromium against the whole application with logins on
 * ({@code tandem.security.enabled=true}, users of {@code tandem.security.users}): the login page, a refused password,
 * what a viewer and an operator may do, and an operator's forced commit through the coordinator API, which the
 * console calls with its own account. Each test opens its own browser, so each starts signed out.
 */
class ConsoleLoginBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    static Path dataDirectory;

    static ConfigurableApplicationContext tandem;
    static String baseUrl;
    static AdminClient admin;
    static Producer producer;

    ConsoleBrowser browser;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("management.server.port", "0");
        settings.put("tandem.broker.name-server-port", "0");
        settings.put("tandem.broker.broker-port", "0");
        settings.put("tandem.broker.data-directory", dataDirectory.toString());
        settings.put("tandem.broker.store.segment-size", "64MB");
        settings.put("tandem.broker.store.tail-cache-size", "16MB");
        settings.put("tandem.broker.check-back.transaction-timeout", "500ms");
        settings.put("tandem.coordinator.poll-interval", "100ms");
        settings.put("tandem.coordinator.broker-timeout", "1s");
        settings.put("tandem.coordinator.backoff.initial", "300ms");
        settings.put("tandem.coordinator.backoff.max", "1s");
        settings.put("tandem.coordinator.max-checks", "1000");
        settings.put("tandem.console.sample-interval", "1s");
        settings.put("tandem.security.enabled", "true");
        settings.put("tandem.security.require-users", "true");
        settings.put("tandem.security.users[0].name", "vera");
        settings.put("tandem.security.users[0].password", "{noop}vera-reads");
        settings.put("tandem.security.users[0].roles", "viewer");
        settings.put("tandem.security.users[1].name", "otto");
        settings.put("tandem.security.users[1].password", "{noop}otto-decides");
        settings.put("tandem.security.users[1].roles", "operator");
        settings.put("tandem.security.users[2].name", "ada");
        settings.put("tandem.security.users[2].password", "{noop}ada-administers");
        settings.put("tandem.security.users[2].roles", "admin");
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        tandem = new SpringApplicationBuilder(TandemApplication.class).properties(TandemApplication.CONFIG_NAMES)
                .run(args);
        baseUrl = "http://127.0.0.1:" + tandem.getEnvironment().getRequiredProperty("local.server.port");
        admin = AdminClient.start(clientConfig());
        producer = Producer.start(clientConfig(), ProducerConfig.of("login-test-producer"));
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (tandem != null) {
            tandem.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = ConsoleBrowser.open(baseUrl);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void shouldShowTheLoginPageToAnyoneNotSignedIn() throws Exception {
        for (String path : new String[]{"/", "/topics", "/transactions", "/audit"}) {
            Page page = browser.go(path);
            assertThat(page.url()).as(path).endsWith("/login");
            assertThat(page.locator("#login-form").isVisible()).as(path).isTrue();
        }
        browser.screenshot("login");

        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl
                        + "/topics")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=sneaky&readQueues=1&writeQueues=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(admin.listTopics()).doesNotContain("sneaky");
    }

    @Test
    void shouldRefuseAWrongPassword() {
        Page page = browser.signIn("otto", "not-his-password");
        assertThat(page.url()).contains("/login");
        assertThat(page.locator("#login-problem").innerText()).isEqualTo("Wrong name or password.");
        page = browser.go("/transactions");
        assertThat(page.url()).endsWith("/login");

        page = browser.signIn("nobody", "otto-decides");
        assertThat(page.locator("#login-problem").innerText()).isEqualTo("Wrong name or password.");
    }

    @Test
    void shouldLetAViewerReadEveryPageButNotForceADecision() {
        admin.createTopic(TopicSettings.of("audited", 1));
        InDoubt inDoubt = new InDoubt("audited", "audit-service");
        try (inDoubt) {
            Page page = browser.signIn("vera", "vera-reads");
            assertThat(page.locator("#signed-in-user").innerText()).isEqualTo("vera");
            browser.goUntil("/topics", p -> shows(p, "#topics", "audited"));
            assertThat(browser.page().locator("#create-topic button[type=submit]").isDisabled()).isTrue();

            page = browser.goUntil("/transactions", p -> shows(p, "#halves", inDoubt.messageId));
            assertThat(page.locator(".flash.problem").count()).isZero();
            page.locator("#halves tr", new Page.LocatorOptions().setHasText(inDoubt.messageId)).locator("a").first()
                    .click();
            page.waitForURL("**/transactions/*");
            String half = page.url().substring(page.url().lastIndexOf('/') + 1);
            assertThat(page.locator("#attempts").innerText()).contains("UNKNOWN");
            assertThat(page.locator("#apply-decision").isDisabled()).isTrue();
            assertThat(page.locator("#needs-operator").innerText()).contains("operator role");

            APIResponse forced = browser.post("/transactions/" + half + "/act",
                    Map.of("action", "commit", "reason", "a viewer tries"));
            assertThat(forced.status()).isEqualTo(403);
            page = browser.go("/transactions/" + half);
            assertThat(page.locator("#half-state").innerText()).contains("pending");

            APIResponse topic = browser.post("/topics/audited/delete", Map.of("confirm", "audited"));
            assertThat(topic.status()).isEqualTo(403);
            assertThat(admin.listTopics()).contains("audited");
        }
    }

    @Test
    void shouldLetAnOperatorForceACommitThatIsDeliveredOnceAndAuditedUnderTheirName() {
        admin.createTopic(TopicSettings.of("refunds", 2));
        Received readers = new Received();
        try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(), PushConsumerConfig.builder(
                "refund-readers").consumeFrom(ConsumeFrom.FIRST_OFFSET).offsetCommitInterval(Duration.ofMillis(200))
                .build(), readers);
             InDoubt inDoubt = new InDoubt("refunds", "refund-service")) {
            consumer.subscribe("refunds", "*").start();

            Page page = browser.signIn("otto", "otto-decides");
            assertThat(page.locator("#signed-in-user").innerText()).isEqualTo("otto");
            page = browser.goUntil("/transactions", p -> shows(p, "#halves", inDoubt.messageId));
            page.locator("#halves tr", new Page.LocatorOptions().setHasText(inDoubt.messageId)).locator("a").first()
                    .click();
            page.waitForURL("**/transactions/*");
            String half = page.url().substring(page.url().lastIndexOf('/') + 1);
            assertThat(page.locator("#force-form input[name=operator]").count()).isZero();
            page.locator("#force-form textarea[name=reason]").fill("refund approved by the bank");
            page.locator("#choose-commit").check();
            page.locator("#apply-decision").click();
            assertThat(page.locator(".flash.notice").innerText()).contains("commit done");

            await().atMost(WAIT).until(() -> readers.count("refund 17 EUR") == 1);
            producer.send(Message.of("refunds", "marker after the commit"));
            await().atMost(WAIT).until(() -> readers.count("marker after the commit") == 1);
            assertThat(readers.count("refund 17 EUR")).isEqualTo(1);

            page = browser.goUntil("/transactions/" + half, p -> shows(p, "#half-state", "committed"));
            assertThat(page.locator("#decision").innerText()).contains("COMMIT by OPERATOR (otto via tandem-console)")
                    .contains("refund approved by the bank");
            browser.screenshot("transaction-signed-in");
            page = browser.go("/audit");
            assertThat(page.locator("#audit tbody tr", new Page.LocatorOptions().setHasText("half " + half))
                    .innerText()).contains("otto").contains("transaction.commit").contains("done");

            page = browser.go("/topics");
            assertThat(page.locator("#create-topic button[type=submit]").isDisabled()).isTrue();

            page.locator("#sign-out").click();
            page.waitForURL("**/login?logout");
            assertThat(page.locator(".flash.notice").innerText()).contains("signed out");
            page = browser.go("/transactions");
            assertThat(page.url()).endsWith("/login");
        }
    }

    /** A transactional message whose producer never knows: its half stays in doubt, checked again and again. */
    private static final class InDoubt implements AutoCloseable {

        final Producer transactional;
        final String messageId;

        InDoubt(String topic, String producerGroup) {
            AtomicInteger checks = new AtomicInteger();
            TransactionListener neverSure = new TransactionListener() {
                @Override
                public TransactionState executeLocal(Message message, Object arg) {
                    return TransactionState.UNKNOWN;
                }

                @Override
                public TransactionState check(ReceivedMessage message) {
                    checks.incrementAndGet();
                    return TransactionState.UNKNOWN;
                }
            };
            transactional = Producer.startTransactional(clientConfig(), ProducerConfig.of(producerGroup), neverSure);
            messageId = transactional.sendInTransaction(Message.builder(topic).keys(topic + "-1")
                    .body("refunds".equals(topic) ? "refund 17 EUR" : "entry of " + topic).build(), null)
                    .sendResult().messageId();
            await().atMost(WAIT).until(() -> checks.get() >= 2);
        }

        @Override
        public void close() {
            transactional.close();
        }
    }

    private static ClientConfig clientConfig() {
        return ClientConfig.builder(nameServer())
                .heartbeatInterval(Duration.ofSeconds(1))
                .routeRefreshInterval(Duration.ofSeconds(1))
                .build();
    }

    private static String nameServer() {
        return tandem.getBean(BrokerLifecycle.class).broker().orElseThrow().nameServerAddress();
    }
}
