package io.tandem.coordinator;

import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.record.ActionKind;
import io.tandem.coordinator.record.ActionOutcome;
import io.tandem.coordinator.record.ActionRecord;
import io.tandem.coordinator.record.CheckAttempt;
import io.tandem.coordinator.record.DecisionRecord;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.coordinator.support.CheckEndpoint;
import io.tandem.coordinator.support.CoordinatorTestApplication;
import io.tandem.coordinator.support.SimulatedProducer;
import io.tandem.coordinator.support.TestBroker;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.testing.Postgres;
import io.tandem.testing.RequiresPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two coordinator instances share one broker's halves through PostgreSQL. One of them dies while it holds leases
 * (its database connections close before its context does, so it cannot release them, as when the process dies):
 * the survivor resolves every half the dead one held, once, after its lease ran out and within one lease period of
 * the death, and no half is ever checked by both at once. One stopped in good order releases its leases: the other
 * takes its halves over before those leases would have run out.
 */
@RequiresPostgres
class CoordinatorFailoverTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final int HALVES = 12;
    private static final String GROUP = "pg-failover";

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    @Test
    void shouldResolveEveryHalfOnceWhenOneInstanceDiesHoldingLeases() throws Exception {
        TwoInstances instances = twoInstancesWithALeasing("tandem_coordinator_failover", "TX-FAILOVER-");
        TestBroker broker = instances.broker();
        CheckEndpoint endpoint = instances.endpoint();
        ConfigurableApplicationContext survivor = instances.b();
        NamedParameterJdbcOperations jdbc = survivor.getBean(NamedParameterJdbcOperations.class);
        TransactionRecord record = survivor.getBean(TransactionRecord.class);

        dieWithoutReleasing(instances.a());
        long diedAtMs = System.currentTimeMillis();
        List<Map<String, Object>> orphans = leasedBy(jdbc, "A");
        assertThat(orphans).as("A died holding leases on undecided halves").isNotEmpty();

        await().atMost(LEASE.plusSeconds(10)).until(() -> record.halvesOfGroup(GROUP).stream()
                .filter(half -> half.state() == HalfState.COMMITTED).count() == HALVES);

        HalfDecisionList onBroker = survivor.getBean(BrokerAdminClient.class).decisions(broker.address(), 0, 1000);
        assertThat(onBroker.decisions()).hasSize(HALVES);
        assertThat(onBroker.decisions()).extracting(HalfDecisionList.Entry::halfOffset).doesNotHaveDuplicates();
        assertThat(onBroker.decisions()).allSatisfy(decision -> {
            assertThat(decision.decision()).isEqualTo(Decision.COMMIT);
            assertThat(decision.source()).isEqualTo(DecisionSource.CHECK);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(record.decisions(broker.address()))
                .as("the record holds the broker's decisions, in its order")
                .extracting(DecisionRecord::halfOffset)
                .containsExactlyElementsOf(onBroker.decisions().stream()
                        .map(HalfDecisionList.Entry::halfOffset).toList()));

        for (Map<String, Object> orphan : orphans) {
            long halfId = ((Number) orphan.get("id")).longValue();
            long leaseUntilMs = ((Number) orphan.get("lease_until_ms")).longValue();
            HalfRecord half = record.half(halfId).orElseThrow();
            List<ActionRecord> decided = record.actions(halfId).stream()
                    .filter(action -> action.kind() == ActionKind.RESOLVE && action.outcome() == ActionOutcome.DECIDED)
                    .toList();
            assertThat(decided).as("half %d is resolved once, by the survivor", half.halfOffset())
                    .singleElement().satisfies(action -> assertThat(action.instanceId()).isEqualTo("B"));
            assertThat(record.attempts(halfId)).filteredOn(attempt -> attempt.instanceId().equals("B"))
                    .as("the survivor did not check half %d while A's lease ran", half.halfOffset())
                    .isNotEmpty()
                    .allSatisfy(attempt -> assertThat(attempt.attemptedAtMs()).isGreaterThanOrEqualTo(leaseUntilMs));
            assertThat(half.decidedAtMs() - diedAtMs).as("half %d resolved within a lease period of the death",
                    half.halfOffset()).isLessThanOrEqualTo(LEASE.toMillis() + 2_000);
        }
        for (HalfRecord half : record.halvesOfGroup(GROUP)) {
            assertThat(record.actions(half.id())).filteredOn(action -> action.outcome() == ActionOutcome.DECIDED)
                    .hasSize(1);
            assertThat(record.attempts(half.id())).extracting(CheckAttempt::instanceId).isNotEmpty();
        }
        assertThat(endpoint.maxOverlap()).as("no transaction was ever asked about twice at once").isEqualTo(1);
    }

    @Test
    void shouldHandTheHalvesOfAnInstanceStoppedInGoodOrderOverAtOnce() throws Exception {
        TwoInstances instances = twoInstancesWithALeasing("tandem_coordinator_handover", "TX-HANDOVER-");
        CheckEndpoint endpoint = instances.endpoint();
        NamedParameterJdbcOperations jdbc = instances.b().getBean(NamedParameterJdbcOperations.class);
        TransactionRecord record = instances.b().getBean(TransactionRecord.class);
        List<Map<String, Object>> heldByA = leasedBy(jdbc, "A");

        instances.a().close();

        assertThat(leasedBy(jdbc, "A")).as("A released its leases when it stopped").isEmpty();
        await().atMost(LEASE.plusSeconds(10)).until(() -> record.halvesOfGroup(GROUP).stream()
                .filter(half -> half.state() == HalfState.COMMITTED).count() == HALVES);
        // A keeps checking until it stops: a half whose check was answered in between is A's to decide, and A did.
        List<Long> handedOver = new ArrayList<>();
        for (Map<String, Object> held : heldByA) {
            long halfId = ((Number) held.get("id")).longValue();
            long leaseUntilMs = ((Number) held.get("lease_until_ms")).longValue();
            boolean decidedByA = record.actions(halfId).stream().anyMatch(action -> action.kind() == ActionKind.RESOLVE
                    && action.outcome() == ActionOutcome.DECIDED && action.instanceId().equals("A"));
            if (decidedByA) {
                continue;
            }
            handedOver.add(halfId);
            assertThat(record.attempts(halfId)).filteredOn(attempt -> attempt.instanceId().equals("B"))
                    .as("B checked half %d before A's lease would have run out", halfId)
                    .anySatisfy(attempt -> assertThat(attempt.attemptedAtMs()).isLessThan(leaseUntilMs));
        }
        assertThat(handedOver).as("A stopped holding leases on halves it had not decided").isNotEmpty();
        assertThat(endpoint.maxOverlap()).as("no transaction was ever asked about twice at once").isEqualTo(1);
    }

    /** A broker with {@link #HALVES} undecided halves, instances A and B on one fresh schema, A holding leases. */
    private record TwoInstances(TestBroker broker, CheckEndpoint endpoint, ConfigurableApplicationContext a,
                                ConfigurableApplicationContext b) {
    }

    private TwoInstances twoInstancesWithALeasing(String schema, String transactionPrefix) {
        TestBroker broker = keep(TestBroker.start());
        CheckEndpoint endpoint = keep(new CheckEndpoint()
                .answering(query -> CheckEndpoint.Reply.state("COMMIT").after(700)));
        String database = Postgres.freshSchema(schema);
        SimulatedProducer producer = keep(new SimulatedProducer(broker.address(), GROUP));
        for (int i = 0; i < HALVES; i++) {
            producer.sendHalf("transfers", transactionPrefix + i, "transfer-" + i);
        }
        ConfigurableApplicationContext a = start("A", broker, endpoint, database);
        ConfigurableApplicationContext b = keep(start("B", broker, endpoint, database));
        NamedParameterJdbcOperations jdbc = b.getBean(NamedParameterJdbcOperations.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> !leasedBy(jdbc, "A").isEmpty());
        return new TwoInstances(broker, endpoint, a, b);
    }

    /** Closes an instance as if its process died: its connection pool first, so it cannot release its leases. */
    private static void dieWithoutReleasing(ConfigurableApplicationContext instance) throws Exception {
        if (instance.getBean(DataSource.class) instanceof AutoCloseable pool) {
            pool.close();
        }
        instance.close();
    }

    private static List<Map<String, Object>> leasedBy(NamedParameterJdbcOperations jdbc, String owner) {
        return jdbc.queryForList("SELECT id, lease_until_ms FROM half_record WHERE lease_owner = :owner"
                + " AND state = 'PENDING'", Map.of("owner", owner));
    }

    private ConfigurableApplicationContext start(String instance, TestBroker broker, CheckEndpoint endpoint,
                                                 String database) {
        return new SpringApplicationBuilder(CoordinatorTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(Map.ofEntries(
                        Map.entry("spring.datasource.url", database),
                        Map.entry("spring.datasource.username", Postgres.USER),
                        Map.entry("tandem.coordinator.instance-id", instance),
                        Map.entry("tandem.coordinator.brokers", broker.address()),
                        Map.entry("tandem.coordinator.poll-interval", "100ms"),
                        Map.entry("tandem.coordinator.broker-timeout", "500ms"),
                        Map.entry("tandem.coordinator.http.timeout", "1s"),
                        Map.entry("tandem.coordinator.lease-period", LEASE.toMillis() + "ms"),
                        Map.entry("tandem.coordinator.max-concurrent-checks", "3"),
                        Map.entry("tandem.coordinator.backoff.initial", "200ms"),
                        Map.entry("tandem.coordinator.backoff.max", "400ms"),
                        Map.entry("tandem.coordinator.max-checks", "10"),
                        Map.entry("tandem.coordinator.producers." + GROUP + ".check-url",
                                endpoint.baseUrl() + "/check")))
                .run();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }
}
