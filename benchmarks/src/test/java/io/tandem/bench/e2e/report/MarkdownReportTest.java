package io.tandem.bench.e2e.report;

import io.tandem.bench.e2e.RunResult;
import io.tandem.bench.e2e.measure.DeliverySummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownReportTest {

    static final ComparisonInfo INFO = new ComparisonInfo("2026-11-24", "abc1234", true, "2026-11-24T10:00:00Z",
            "2026-11-24T10:14:00Z", "java @benchmarks/target/e2e.args io.tandem.bench.e2e.Compare",
            List.of("tandem-uring", "rocketmq", "kafka"), List.of("sync-1t-async"),
            new Machine("Test CPU", 2, 23.4, "Debian", "6.18", "ext4 on /dev/vda", "Temurin 25", "0.5 0.4 0.3"),
            "java 25", "Taken while other builds were running.");

    @Test
    void shouldShowRatiosAndFlagLostAndDuplicatedMessages() {
        RunResult tandem = RatioTest.run("tandem-uring", RatioTest.SYNC_1T_ASYNC, 20_000, 400, 900);
        RunResult rocketMq = RatioTest.run("rocketmq", RatioTest.SYNC_1T_ASYNC, 10_000, 800, 1800);
        RunResult kafka = withDelivery(RatioTest.run("kafka", RatioTest.SYNC_1T_ASYNC, 40_000, 200, 300),
                new DeliverySummary(100, 99, 1, 2, 0, 0));

        String report = MarkdownReport.render(INFO, List.of(tandem, rocketMq, kafka));

        assertThat(report).contains("| sync-1t-async | tandem-uring | 2.00× | 0.50× | 0.50× | 2.00× | 0.50× | 3.00× |");
        assertThat(report).contains("| **1** | **2** |");
        assertThat(report).contains("sync-1t-async on kafka: 1 lost, 2 duplicated");
        assertThat(report).contains("**Taken while other builds were running.**");
        assertThat(report).contains("Commit `abc1234` (with uncommitted changes)");
    }

    @Test
    void shouldSayWhenEveryMessageWasConsumedExactlyOnce() {
        String report = MarkdownReport.render(INFO, List.of(
                RatioTest.run("tandem-uring", RatioTest.SYNC_1T_ASYNC, 20_000, 400, 900),
                RatioTest.run("rocketmq", RatioTest.SYNC_1T_ASYNC, 10_000, 800, 1800)));

        assertThat(report).contains("2 of 2 runs completed").contains("consumed exactly once");
    }

    @Test
    void shouldReadBackWhatItWroteAsJson(@TempDir Path directory) {
        RunResult run = RatioTest.run("tandem-uring", RatioTest.TXN, 5_000, 1000, 2000);
        Path file = directory.resolve("run.json");

        Json.write(file, run);
        Json.write(directory.resolve("comparison.json"), INFO);

        assertThat(Json.read(file, RunResult.class)).isEqualTo(run);
        assertThat(Json.read(directory.resolve("comparison.json"), ComparisonInfo.class)).isEqualTo(INFO);
    }

    @Test
    void shouldDrawAChart(@TempDir Path directory) throws Exception {
        Path png = directory.resolve("chart.png");

        Chart.write(png, "test", List.of(
                RatioTest.run("tandem-uring", RatioTest.SYNC_1T_ASYNC, 20_000, 400, 900),
                RatioTest.run("rocketmq", RatioTest.SYNC_1T_ASYNC, 10_000, 800, 1800),
                RunResult.failed("kafka", RatioTest.SYNC_1T_ASYNC, "2026-11-24T10:00:00Z", null, "failed")));

        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).hasSizeGreaterThan(10_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private static RunResult withDelivery(RunResult run, DeliverySummary delivery) {
        return new RunResult(run.target(), run.workload(), run.failure(), run.startedAt(), run.broker(), run.client(),
                run.loadJava(), run.measuredSeconds(), run.messages(), run.bytes(), run.messagesPerSecond(),
                run.megabytesPerSecond(), run.publishLatency(), run.endToEndLatency(), run.consumedPerSecond(),
                run.sendErrors(), run.sendErrorSamples(), delivery, run.setupSeconds(), run.drainSeconds());
    }
}
