package io.tandem.app.console;

import io.tandem.app.TandemApplication;
import io.tandem.client.ClientConfig;
import io.tandem.client.Message;
import io.tandem.client.SendResult;
import io.tandem.client.admin.AdminClient;
import io.tandem.client.admin.GroupSettings;
import io.tandem.client.admin.TopicSettings;
import io.tandem.client.producer.Producer;
import io.tandem.client.producer.ProducerConfig;
import io.tandem.console.stats.StatsHistory;
import io.tandem.console.stats.StatsSampler;
import io.tandem.server.boot.BrokerLifecycle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Page times of the console with 1,000 topics and 100 consumer groups (each with committed offsets), measured and
 * printed, not asserted: the application runs in this JVM, each page is fetched over HTTP ten times after two
 * warm-up fetches, and the median and the slowest are reported with the sampler's time for one cluster sample.
 * Tagged {@code slow}: {@code ./mvnw -B -ntp verify -Pslow -pl tandem-app -am -Dtest=ConsolePageTimesTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class ConsolePageTimesTest {

    private static final int TOPICS = 1_000;
    private static final int GROUPS = 100;
    private static final int FETCHES = 10;

    @TempDir
    Path dataDirectory;

    @Test
    void shouldPrintPageTimesWithAThousandTopicsAndAHundredGroups() throws Exception {
        String[] args = {"--server.port=0", "--management.server.port=0", "--tandem.broker.name-server-port=0",
                "--tandem.broker.broker-port=0", "--tandem.broker.data-directory=" + dataDirectory,
                "--tandem.broker.store.segment-size=64MB", "--tandem.broker.store.tail-cache-size=16MB",
                "--tandem.console.sample-interval=10s"};
        try (ConfigurableApplicationContext tandem = new SpringApplicationBuilder(TandemApplication.class)
                .properties(TandemApplication.CONFIG_NAMES).run(args);
             HttpClient http = HttpClient.newHttpClient()) {
            String nameServer = tandem.getBean(BrokerLifecycle.class).broker().orElseThrow().nameServerAddress();
            ClientConfig client = ClientConfig.of(nameServer);
            SendResult traced;
            long setupStarted = System.nanoTime();
            try (AdminClient admin = AdminClient.start(client);
                 Producer producer = Producer.start(client, ProducerConfig.of("page-times"))) {
                for (int i = 0; i < TOPICS; i++) {
                    admin.createTopic(TopicSettings.of(topic(i), 4));
                }
                for (int i = 0; i < TOPICS; i += 10) {
                    for (int m = 0; m < 10; m++) {
                        producer.send(Message.builder(topic(i)).keys("key-" + i + "-" + m).body("message " + m).build());
                    }
                }
                traced = producer.send(Message.builder(topic(7)).keys("traced").body("traced").build());
                for (int g = 0; g < GROUPS; g++) {
                    admin.createGroup(GroupSettings.of(group(g)));
                    admin.skipBacklog(group(g), topic(g * 10));
                    admin.skipBacklog(group(g), topic(g * 10 + 1));
                }
            }
            double setupSeconds = (System.nanoTime() - setupStarted) / 1e9;
            StatsSampler sampler = tandem.getBean(StatsSampler.class);
            StatsHistory history = tandem.getBean(StatsHistory.class);
            List<Long> samples = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sampler.sampleNow();
                samples.add(history.latest().orElseThrow().tookMs());
            }
            assertThat(history.latest().orElseThrow().topics()).hasSizeGreaterThanOrEqualTo(TOPICS);
            assertThat(history.latest().orElseThrow().groups()).hasSizeGreaterThanOrEqualTo(GROUPS);

            String base = "http://127.0.0.1:" + tandem.getEnvironment().getRequiredProperty("local.server.port");
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("overview", "/");
            pages.put("topics, first page", "/topics");
            pages.put("topics, page 6", "/topics?page=5");
            pages.put("topics, filtered", "/topics?q=topic-09");
            pages.put("one topic", "/topics/" + topic(500));
            pages.put("groups", "/groups");
            pages.put("one group", "/groups/" + group(50));
            pages.put("messages by time", "/messages?mode=time&topic=" + topic(10));
            pages.put("messages by key", "/messages?mode=key&topic=" + topic(10) + "&key=key-10-3");
            pages.put("message by id", "/messages?mode=id&topic=" + topic(7) + "&id=" + traced.messageId());
            pages.put("trace", "/trace?topic=" + topic(7) + "&id=" + traced.messageId());
            pages.put("transactions", "/transactions");
            pages.put("dead letters", "/dlq");
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                    "%nConsole page times, %d topics (4 queues each), %d groups; setup %.0f s; one cluster sample: %s ms%n",
                    TOPICS, GROUPS, setupSeconds, samples));
            report.append(String.format(Locale.ROOT, "%-22s %10s %10s %10s%n", "page", "median ms", "max ms", "KiB"));
            for (Map.Entry<String, String> page : pages.entrySet()) {
                URI uri = URI.create(base + page.getValue().replace("%", URLEncoder.encode("%", StandardCharsets.UTF_8)));
                List<Double> times = new ArrayList<>();
                int size = 0;
                for (int i = 0; i < FETCHES + 2; i++) {
                    long started = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString());
                    double ms = (System.nanoTime() - started) / 1e6;
                    assertThat(response.statusCode()).as(page.getKey()).isEqualTo(200);
                    size = response.body().length();
                    if (i >= 2) {
                        times.add(ms);
                    }
                }
                times.sort(Double::compare);
                report.append(String.format(Locale.ROOT, "%-22s %10.1f %10.1f %10d%n", page.getKey(),
                        times.get(times.size() / 2), times.get(times.size() - 1), size / 1024));
            }
            System.out.println(report);
        }
    }

    private static String topic(int i) {
        return String.format(Locale.ROOT, "topic-%04d", i);
    }

    private static String group(int g) {
        return String.format(Locale.ROOT, "group-%03d", g);
    }
}
