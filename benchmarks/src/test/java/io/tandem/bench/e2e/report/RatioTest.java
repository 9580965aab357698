package io.tandem.bench.e2e.report;

import io.tandem.bench.e2e.Durability;
import io.tandem.bench.e2e.RunResult;
import io.tandem.bench.e2e.Workload;
import io.tandem.bench.e2e.Workloads;
import io.tandem.bench.e2e.measure.DeliverySummary;
import io.tandem.bench.e2e.measure.LatencySummary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class RatioTest {

    static final Workload SYNC_1T_ASYNC = Workloads.named("sync-1t");
    static final Workload SYNC_1T_SYNC = Workloads.named("sync-1t").withDurability(Durability.SYNC);
    static final Workload TXN = Workloads.named("txn-4t");

    @Test
    void shouldDivideTandemByEachOtherBrokerOfTheSameWorkloadOnly() {
        List<RunResult> results = List.of(
                run("tandem-uring", SYNC_1T_ASYNC, 20_000, 400, 900),
                run("rocketmq", SYNC_1T_ASYNC, 10_000, 800, 1800),
                run("kafka", SYNC_1T_ASYNC, 40_000, 200, 300),
                run("tandem-uring", SYNC_1T_SYNC, 3_000, 4000, 5000),
                run("rocketmq", SYNC_1T_SYNC, 1_000, 2000, 2500));

        List<Ratio> ratios = Ratio.pairwise(results);

        assertThat(ratios).extracting(Ratio::workloadId, Ratio::tandem, Ratio::other).containsExactly(
                tuple("sync-1t-async", "tandem-uring", "rocketmq"),
                tuple("sync-1t-async", "tandem-uring", "kafka"),
                tuple("sync-1t-sync", "tandem-uring", "rocketmq"));
        assertThat(ratios.get(0).throughput()).isCloseTo(2.0, within(1e-9));
        assertThat(ratios.get(0).publishP99()).isCloseTo(0.5, within(1e-9));
        assertThat(ratios.get(0).endToEndP99()).isCloseTo(0.5, within(1e-9));
        assertThat(ratios.get(1).throughput()).isCloseTo(0.5, within(1e-9));
        assertThat(ratios.get(1).publishP99()).isCloseTo(2.0, within(1e-9));
        assertThat(ratios.get(2).throughput()).isCloseTo(3.0, within(1e-9));
        assertThat(ratios.get(2).publishP99()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void shouldPairEveryTandemTargetWithTheOthers() {
        List<RunResult> results = List.of(
                run("tandem-uring", SYNC_1T_ASYNC, 20_000, 400, 900),
                run("tandem-pagecache", SYNC_1T_ASYNC, 30_000, 300, 600),
                run("rocketmq", SYNC_1T_ASYNC, 10_000, 800, 1800));

        List<Ratio> ratios = Ratio.pairwise(results);

        assertThat(ratios).extracting(Ratio::tandem).containsExactly("tandem-uring", "tandem-pagecache");
        assertThat(ratios.get(1).throughput()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void shouldLeaveARatioWithAFailedRunUndefined() {
        List<RunResult> results = List.of(
                run("tandem-uring", TXN, 5_000, 1000, 2000),
                RunResult.failed("rocketmq", TXN, "2026-11-24T10:00:00Z", null, "broker did not start"));

        Ratio ratio = Ratio.pairwise(results).getFirst();

        assertThat(ratio.throughput()).isNaN();
        assertThat(ratio.publishP99()).isNaN();
        assertThat(Format.ratio(ratio.throughput())).isEqualTo("–");
    }

    @Test
    void shouldMakeNoRatioWithoutAnOtherBroker() {
        assertThat(Ratio.pairwise(List.of(run("tandem-uring", TXN, 5_000, 1000, 2000),
                run("tandem-mmap", TXN, 4_000, 1000, 2000)))).isEmpty();
    }

    static RunResult run(String target, Workload workload, double messagesPerSecond, double p99Us,
                         double endToEndP99Us) {
        LatencySummary publish = new LatencySummary(1000, p99Us / 2, p99Us, p99Us * 2, p99Us * 3, p99Us / 2);
        LatencySummary endToEnd = new LatencySummary(1000, endToEndP99Us / 2, endToEndP99Us, endToEndP99Us * 2,
                endToEndP99Us * 3, endToEndP99Us / 2);
        long messages = Math.round(messagesPerSecond * 20);
        return new RunResult(target, workload, null, "2026-11-24T10:00:00Z",
                new RunResult.BrokerRun(target + " 1.0", "defaults", "java", 3.0, 1.0, true, List.of(143)),
                "client 1.0", "java 25", 20.0, messages, messages * 1024, messagesPerSecond,
                messagesPerSecond * 1024 / 1e6, publish, endToEnd, messagesPerSecond, 0, List.of(),
                new DeliverySummary(messages, messages, 0, 0, 0, 0), 1.0, 0.5);
    }
}
