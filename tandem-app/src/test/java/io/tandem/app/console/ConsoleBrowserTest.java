package io.tandem.app.console;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import io.tandem.app.TandemApplication;
import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.ReceivedMessage;
import io.tandem.client.SendResult;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.QueueStats;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.consumer.ConcurrentListener;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.consumer.ConsumeResult;
import io.tandem.client.consumer.PushConsumer;
import io.tandem.client.consumer.PushConsumerConfig;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.client.producer.TransactionListener;
import io.tandem.client.producer.TransactionSendResult;
import io.tandem.client.producer.TransactionState;
import io.tandem.server.boot.BrokerLifecycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static io.tandem.app.console.ConsoleBrowser.shows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin console in a real headless Chromium against the whole application (broker, coordinator, console in one
 * process) with real traffic from Tandem's client. Each test uses its own topics and groups. Screenshots of every
 * page go to {@code target/screenshots}.
 */
class ConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    /** Fast delay levels, so that a failing message reaches its dead-letter queue within a second. */
    private static final String FAST_DELAY_LEVELS = String.join(",", Collections.nCopies(18, "100ms"));

    /** A point of the overview chart's "in" series with a rate above zero. */
    private static final Pattern IN_RATE_ABOVE_ZERO = Pattern.compile(
            "\"label\":\"in\",\"points\":\\[[^\"]*\\[\\d+,[1-9]");

    @TempDir
    static Path dataDirectory;

    static ConfigurableApplicationContext tandem;
    static ConsoleBrowser browser;
    static AdminClient admin;
    static Producer producer;

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
        settings.put("tandem.broker.delay-levels", FAST_DELAY_LEVELS);
        settings.put("tandem.broker.check-back.transaction-timeout", "500ms");
        settings.put("tandem.coordinator.poll-interval", "100ms");
        settings.put("tandem.coordinator.broker-timeout", "1s");
        settings.put("tandem.coordinator.backoff.initial", "300ms");
        settings.put("tandem.coordinator.backoff.max", "1s");
        settings.put("tandem.coordinator.max-checks", "1000");
        settings.put("tandem.console.sample-interval", "1s");
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        tandem = new SpringApplicationBuilder(TandemApplication.class).properties(TandemApplication.CONFIG_NAMES)
                .run(args);
        String port = tandem.getEnvironment().getRequiredProperty("local.server.port");
        browser = ConsoleBrowser.open("http://127.0.0.1:" + port);
        admin = AdminClient.start(clientConfig());
        producer = Producer.start(clientConfig(), ProducerConfig.of("console-test-producer"));
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (tandem != null) {
            tandem.close();
        }
    }

    @Test
    void shouldRenderEveryPageWithTheClustersRealData() {
        admin.createTopic(TopicSettings.of("orders", 4));
        Received billing = new Received();
        try (PushConsumer consumer = consumer("billing", billing)) {
            consumer.subscribe("orders", "*").start();
            for (int i = 0; i < 24; i++) {
                producer.send(Message.builder("orders").tags("created").keys("order-" + i)
                        .body("{\"order\":" + i + ",\"amount\":" + (i * 10) + "}").build());
            }
            await().atMost(WAIT).until(() -> billing.distinct() == 24);

            Page page = browser.goUntil("/", p -> shows(p, "#brokers", "broker-a") && shows(p, "#tile-topics", "")
                    && !p.locator("#tile-topics").innerText().equals("0"));
            assertThat(page.locator("#brokers").innerText()).contains(brokerAddress());
            assertThat(page.locator("#brokers .broker-disk").first().innerText()).matches("\\d+\\.\\d %");
            assertThat(page.locator("#brokers .broker-store").first().innerText()).isNotEqualTo("—");
            assertThat(page.locator("#rates-chart").count()).isOne();
            await().atMost(WAIT).until(() -> IN_RATE_ABOVE_ZERO.matcher(browser.go("/").locator("#rates-chart")
                    .getAttribute("data-chart")).find());
            assertThat(browser.page().locator("#disk-data").innerText()).isNotEqualTo("0 B");
            browser.screenshot("overview");

            page = browser.goUntil("/topics", p -> shows(p, "#topics", "orders"));
            assertThat(page.locator("#topics tr", new Page.LocatorOptions().setHasText("orders")).innerText())
                    .contains("4 / 4").contains("24");
            browser.screenshot("topics");
            page.locator("#topics a", new Page.LocatorOptions().setHasText("orders")).first().click();
            page.waitForURL("**/topics/orders");
            assertThat(page.locator("#topic-stored").innerText()).isEqualTo("24");
            assertThat(page.locator("#queues tbody tr").count()).isEqualTo(4);
            browser.screenshot("topic");

            page = browser.goUntil("/groups", p -> shows(p, "#groups", "billing"));
            page.locator("#groups a", new Page.LocatorOptions().setHasText("billing")).first().click();
            page.waitForURL("**/groups/billing");
            await().atMost(WAIT).until(() -> browser.go("/groups/billing").locator("#lag").innerText()
                    .contains("orders"));
            assertThat(browser.page().locator("#group-members").innerText()).isEqualTo("1");
            assertThat(browser.page().locator("#members").innerText()).contains(consumer.clientId());
            browser.screenshot("group");

            page = browser.go("/messages?mode=time&topic=orders");
            assertThat(page.locator("h2", new Page.LocatorOptions().setHasText("found")).innerText())
                    .isEqualTo("24 found");
            browser.screenshot("messages");

            page = browser.go("/transactions");
            assertThat(page.locator("#pending-count").count()).isOne();
            page = browser.go("/dlq");
            assertThat(page.locator("#dlq-queues").count()).isOne();
            page = browser.go("/audit");
            assertThat(page.locator("#audit").count()).isOne();
        }
    }

    @Test
    void shouldFindASentMessageByKeyAndByIdAndShowItsBody() throws Exception {
        String body = "{\"invoice\":7,\"lines\":[{\"sku\":\"A-1\",\"qty\":2}],\"total\":19.9}";
        SendResult sent = producer.send(Message.builder("invoices").tags("issued").keys("invoice-7")
                .property("region", "eu-west").body(body).build());

        Page page = browser.go("/messages?mode=key&topic=invoices&key=invoice-7");
        assertThat(page.locator("h2", new Page.LocatorOptions().setHasText("found")).innerText()).isEqualTo("1 found");
        assertThat(page.locator("table").innerText()).contains(sent.messageId()).contains("invoice-7");

        page = browser.go("/messages?mode=id&topic=invoices&id=" + sent.messageId());
        assertThat(page.locator("h2", new Page.LocatorOptions().setHasText("found")).innerText()).isEqualTo("1 found");
        page = browser.go("/messages?mode=id&id=" + sent.offsetMessageId());
        assertThat(page.locator("table").innerText()).contains(sent.messageId());

        page.locator("table a", new Page.LocatorOptions().setHasText(sent.messageId())).click();
        page.waitForURL("**/messages/" + sent.offsetMessageId());
        assertThat(page.locator("#message-facts").innerText()).contains("invoices").contains(sent.offsetMessageId())
                .contains("invoice-7").contains("issued");
        assertThat(page.locator("#properties").innerText()).contains("region").contains("eu-west");
        assertThat(page.locator("#panel-json pre").innerText()).contains("\"invoice\" : 7").contains("\"sku\" : \"A-1\"");
        browser.screenshot("message");
        page.locator("label[for=view-hex]").click();
        assertThat(page.locator("#panel-hex pre").innerText()).startsWith("00000000  7b 22 69 6e");

        Page detail = page;
        Download download = detail.waitForDownload(() -> detail.locator("#download-body").click());
        assertThat(Files.readString(download.path(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void shouldShowATransactionalMessagesCheckBackAndDeliveryOnItsTimeline() {
        admin.createTopic(TopicSettings.of("ledger", 2));
        Received readers = new Received();
        TransactionListener unknownThenCommit = new TransactionListener() {
            @Override
            public TransactionState executeLocal(Message message, Object arg) {
                return TransactionState.UNKNOWN;
            }

            @Override
            public TransactionState check(ReceivedMessage message) {
                return TransactionState.COMMIT;
            }
        };
        ClientConfig traced = clientConfig().toBuilder().messageTrace().build();
        try (PushConsumer consumer = PushConsumer.concurrent(traced, PushConsumerConfig.builder("ledger-readers")
                .consumeFrom(ConsumeFrom.FIRST_OFFSET).offsetCommitInterval(Duration.ofMillis(200)).build(), readers);
             Producer transactional = Producer.startTransactional(traced,
                     ProducerConfig.of("ledger-service"), unknownThenCommit)) {
            consumer.subscribe("ledger", "*").start();
            TransactionSendResult sent = transactional.sendInTransaction(Message.builder("ledger").keys("entry-1")
                    .body("debit 100").build(), null);
            String id = sent.sendResult().messageId();
            await().atMost(WAIT).until(() -> readers.count("debit 100") == 1);

            Page page = browser.goUntil("/trace?topic=ledger&id=" + id, p -> shows(p, ".timeline",
                    "Check-back #1 via BROKER: COMMIT") && shows(p, ".timeline", "Delivered to ledger-readers")
                    && shows(p, ".timeline", "Committed by CHECK"));
            String timeline = page.locator(".timeline").innerText();
            assertThat(timeline).contains("Produced").contains("of producer group ledger-service")
                    .contains("Half message stored").contains("Stored");
            // The clients run with message trace on: their records join the timeline by the message id.
            await().atMost(WAIT).untilAsserted(() -> assertThat(browser.go("/trace?topic=ledger&id=" + id)
                    .locator(".timeline").innerText())
                    .contains("Client trace: sent by ledger-service")
                    .contains("Client trace: producer ledger-service reported UNKNOW after its local transaction")
                    .contains("Client trace: producer ledger-service reported COMMIT_MESSAGE answering a check-back")
                    .contains("Client trace: handed to the listener of ledger-readers")
                    .contains("Client trace: consumed by ledger-readers"));
            page = browser.go("/trace?topic=ledger&id=" + id);
            assertThat(timeline.indexOf("Half message stored")).isLessThan(timeline.indexOf("Check-back #1"));
            assertThat(timeline.indexOf("Check-back #1")).isLessThan(timeline.indexOf("Delivered to ledger-readers"));
            browser.screenshot("trace");

            page = browser.go("/trace?topic=ledger&key=entry-1");
            assertThat(page.locator(".timeline").innerText()).contains("Check-back #1 via BROKER: COMMIT");
        }
    }

    @Test
    void shouldDeliverOnceAnInDoubtHalfForceCommittedFromTheConsole() {
        admin.createTopic(TopicSettings.of("payments", 2));
        Received readers = new Received();
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
        try (PushConsumer consumer = consumer("payment-readers", readers);
             Producer transactional = Producer.startTransactional(clientConfig(),
                     ProducerConfig.of("payment-service"), neverSure)) {
            consumer.subscribe("payments", "*").start();
            String id = transactional.sendInTransaction(Message.builder("payments").keys("payment-9")
                    .body("pay 42 EUR").build(), null).sendResult().messageId();
            await().atMost(WAIT).until(() -> checks.get() >= 2);

            Page page = browser.goUntil("/transactions", p -> shows(p, "#halves", id));
            assertThat(page.locator("#halves tr", new Page.LocatorOptions().setHasText(id)).innerText())
                    .contains("pending").contains("payment-service").contains("payment-9");
            browser.screenshot("transactions");
            page.locator("#halves tr", new Page.LocatorOptions().setHasText(id)).locator("a").first().click();
            page.waitForURL("**/transactions/*");
            assertThat(page.locator("#attempts").innerText()).contains("UNKNOWN");

            page.locator("#force-form input[name=operator]").fill("alice");
            page.locator("#force-form textarea[name=reason]").fill("payment confirmed by the provider");
            page.locator("#choose-commit").check();
            page.locator("#apply-decision").click();
            assertThat(page.locator(".flash.notice").innerText()).contains("commit done");

            await().atMost(WAIT).until(() -> readers.count("pay 42 EUR") == 1);
            producer.send(Message.of("payments", "marker after the commit"));
            await().atMost(WAIT).until(() -> readers.count("marker after the commit") == 1);
            assertThat(readers.count("pay 42 EUR")).isEqualTo(1);

            String half = page.url().substring(page.url().lastIndexOf('/') + 1);
            page = browser.goUntil("/transactions/" + half, p -> shows(p, "#half-state", "committed"));
            assertThat(page.locator("#decision").innerText()).contains("COMMIT by OPERATOR (alice)")
                    .contains("payment confirmed by the provider");
            assertThat(page.locator("#actions").innerText()).contains("alice").contains("DECIDED");
            browser.screenshot("transaction");
        }
    }

    @Test
    void shouldRedeliverAGroupsMessagesAfterAnOffsetResetFromTheConsole() {
        admin.createTopic(TopicSettings.of("shipments", 2));
        for (int i = 0; i < 10; i++) {
            producer.send(Message.of("shipments", "shipment-" + i));
        }
        Received first = new Received();
        try (PushConsumer consumer = consumer("shipping", first)) {
            consumer.subscribe("shipments", "*").start();
            await().atMost(WAIT).until(() -> first.distinct() == 10);
            await().atMost(WAIT).until(() -> admin.groupOffsets("shipping", "shipments").totalLag() == 0);
        }

        Page page = browser.go("/groups/shipping");
        page.locator("#reset-offsets select[name=topic]").selectOption("shipments");
        page.locator("#reset-offsets button").click();
        assertThat(page.locator(".flash.notice").innerText()).contains("Offsets of shipping reset");
        assertThat(admin.groupOffsets("shipping", "shipments").totalLag()).isEqualTo(10);

        Received again = new Received();
        try (PushConsumer consumer = consumer("shipping", again)) {
            consumer.subscribe("shipments", "*").start();
            await().atMost(WAIT).until(() -> again.distinct() == 10);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(again.count("shipment-" + i)).as("shipment-" + i).isEqualTo(1);
        }
        page = browser.go("/audit");
        assertThat(page.locator("#audit").innerText()).contains("offsets.reset").contains("shipping");
    }

    @Test
    void shouldMoveARunningConsumerBackAfterAnOffsetResetFromTheConsole() {
        admin.createTopic(TopicSettings.of("parcels", 2));
        Received received = new Received();
        try (PushConsumer consumer = consumer("parcel-tracking", received)) {
            consumer.subscribe("parcels", "*").start();
            for (int i = 0; i < 8; i++) {
                producer.send(Message.of("parcels", "parcel-" + i));
            }
            await().atMost(WAIT).until(() -> received.distinct() == 8);
            await().atMost(WAIT).until(() -> admin.groupOffsets("parcel-tracking", "parcels").totalLag() == 0);

            Page page = browser.goUntil("/groups/parcel-tracking", p -> shows(p, "#group-members", "1"));
            page.locator("#reset-offsets select[name=topic]").selectOption("parcels");
            page.locator("#reset-offsets button").click();
            assertThat(page.locator(".flash.notice").innerText()).contains("Offsets of parcel-tracking reset");

            for (int i = 0; i < 8; i++) {
                String parcel = "parcel-" + i;
                await().atMost(WAIT).until(() -> received.count(parcel) == 2);
            }
            producer.send(Message.of("parcels", "marker after the reset"));
            await().atMost(WAIT).until(() -> received.count("marker after the reset") == 1);
            for (int i = 0; i < 8; i++) {
                assertThat(received.count("parcel-" + i)).as("parcel-" + i).isEqualTo(2);
            }
        }
    }

    @Test
    void shouldResendADeadLetterToItsOriginalTopicFromTheConsole() {
        admin.createTopic(TopicSettings.of("fragile-orders", 1));
        AtomicInteger failures = new AtomicInteger();
        ConcurrentListener failing = messages -> {
            failures.incrementAndGet();
            return ConsumeResult.RETRY_LATER;
        };
        try (PushConsumer consumer = PushConsumer.concurrent(clientConfig(), PushConsumerConfig.builder("fragile")
                .consumeFrom(ConsumeFrom.FIRST_OFFSET).maxReconsumeTimes(1)
                .offsetCommitInterval(Duration.ofMillis(200)).build(), failing)) {
            consumer.subscribe("fragile-orders", "*").start();
            producer.send(Message.builder("fragile-orders").keys("fragile-1").body("glass vase").build());
            await().atMost(WAIT).until(() -> deadLetters("%DLQ%fragile") == 1);
        }
        assertThat(failures.get()).isGreaterThanOrEqualTo(2);

        Received recovered = new Received();
        try (PushConsumer consumer = consumer("fragile", recovered)) {
            consumer.subscribe("fragile-orders", "*").start();
            Page page = browser.goUntil("/dlq?topic=%25DLQ%25fragile", p -> shows(p, "#dead-letters", "fragile-orders"));
            assertThat(page.locator("#dead-letters tbody tr").count()).isEqualTo(1);
            assertThat(page.locator("#dead-letters").innerText()).contains("fragile-1");
            page.locator("#dead-letters button", new Page.LocatorOptions().setHasText("Resend")).click();
            assertThat(page.locator(".flash.notice").innerText()).contains("resent as");
            await().atMost(WAIT).until(() -> recovered.count("glass vase") == 1);
            assertThat(recovered.last("glass vase").topic()).isEqualTo("fragile-orders");
            assertThat(recovered.last("glass vase").keys()).containsExactly("fragile-1");
            page = browser.go("/dlq?topic=%25DLQ%25fragile");
            assertThat(page.locator("#dead-letters").innerText()).contains("resent");
            browser.screenshot("dead-letters");
            page = browser.go("/audit");
            assertThat(page.locator("#audit").innerText()).contains("dlq.resend").contains("fragile-orders");
            browser.screenshot("audit");
        }
    }

    private static long deadLetters(String topic) {
        try {
            return admin.topicStats(topic).stream().mapToLong(QueueStats::maxOffset).sum();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static PushConsumer consumer(String group, ConcurrentListener listener) {
        return PushConsumer.concurrent(clientConfig(), PushConsumerConfig.builder(group)
                .consumeFrom(ConsumeFrom.FIRST_OFFSET).offsetCommitInterval(Duration.ofMillis(200)).build(), listener);
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

    private static String brokerAddress() {
        return tandem.getBean(BrokerLifecycle.class).broker().orElseThrow().brokerAddress();
    }
}
