package io.tandem.coordinator.lease;

import io.tandem.coordinator.record.AnsweredAttempt;
import io.tandem.coordinator.record.CheckAnswer;
import io.tandem.coordinator.record.CheckAttempt;
import io.tandem.coordinator.record.CheckChannel;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.ObservedDecision;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.coordinator.support.RecordContext;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Row leases and decision copying on the record, with times passed in explicitly (nothing sleeps). Instances A and B
 * are two owners writing the same database.
 */
class HalfLeasesTest {

    private static final String BROKER = "127.0.0.1:10911";
    private static final long LEASE_MS = 5_000;

    @Test
    void shouldLetAnotherInstanceClaimAHalfOnlyOnceItsLeaseRanOut() {
        RecordContext.runner().run(context -> {
            TransactionRecord record = context.getBean(TransactionRecord.class);
            HalfLeases leases = context.getBean(HalfLeases.class);
            discover(record, pending(1, 1_000));

            assertThat(leases.claim(List.of(BROKER), "A", 999, LEASE_MS, 10)).as("not due yet").isEmpty();
            Lease first = leases.claim(List.of(BROKER), "A", 1_000, LEASE_MS, 10).getFirst();
            assertThat(leases.claim(List.of(BROKER), "B", 5_999, LEASE_MS, 10)).as("A's lease runs").isEmpty();
            Lease second = leases.claim(List.of(BROKER), "B", 6_000, LEASE_MS, 10).getFirst();

            assertThat(second.token()).isGreaterThan(first.token());
            assertThat(leases.complete(first, 1, CheckAnswer.UNKNOWN, 9_000)).as("A's late write is fenced off")
                    .isFalse();
            assertThat(leases.complete(second, 1, CheckAnswer.NO_ANSWER, 9_000)).isTrue();
            HalfRecord half = record.half(BROKER, 1).orElseThrow();
            assertThat(half.checks()).isEqualTo(1);
            assertThat(half.lastAnswer()).isEqualTo(CheckAnswer.NO_ANSWER);
            assertThat(half.nextCheckAtMs()).isEqualTo(9_000);
            assertThat(half.leaseOwner()).isNull();
        });
    }

    @Test
    void shouldLetAnotherInstanceClaimAtOnceTheHalvesOfAnInstanceThatReleasedItsLeasesWhenStopping() {
        RecordContext.runner().run(context -> {
            TransactionRecord record = context.getBean(TransactionRecord.class);
            HalfLeases leases = context.getBean(HalfLeases.class);
            discover(record, pending(1, 1_000), pending(2, 1_000), pending(3, 1_000));
            List<Lease> heldByA = leases.claim(List.of(BROKER), "A", 1_000, LEASE_MS, 2);
            Lease heldByB = leases.claim(List.of(BROKER), "B", 1_000, LEASE_MS, 1).getFirst();

            assertThat(leases.releaseAll("A")).isEqualTo(2);

            List<Lease> takenOver = leases.claim(List.of(BROKER), "C", 1_001, LEASE_MS, 10);
            assertThat(takenOver).extracting(lease -> lease.half().halfOffset())
                    .containsExactlyInAnyOrderElementsOf(heldByA.stream().map(lease -> lease.half().halfOffset())
                            .toList());
            assertThat(leases.complete(heldByA.getFirst(), 1, CheckAnswer.UNKNOWN, 9_000))
                    .as("A's check still running writes nothing").isFalse();
            assertThat(leases.complete(heldByB, 1, CheckAnswer.UNKNOWN, 9_000)).as("B's lease is untouched").isTrue();
        });
    }

    @Test
    void shouldClaimNoMoreThanAskedMostOverdueFirstAndOnlyForItsBrokers() {
        RecordContext.runner().run(context -> {
            TransactionRecord record = context.getBean(TransactionRecord.class);
            HalfLeases leases = context.getBean(HalfLeases.class);
            discover(record, pending(1, 300), pending(2, 100), pending(3, 200), pending(4, 50_000));

            assertThat(leases.claim(List.of("elsewhere:1"), "A", 1_000, LEASE_MS, 10)).isEmpty();
            assertThat(leases.claim(List.of(BROKER), "A", 1_000, LEASE_MS, 2))
                    .extracting(lease -> lease.half().halfOffset()).containsExactly(2L, 3L);
            assertThat(leases.claim(List.of(BROKER), "B", 1_000, LEASE_MS, 10))
                    .extracting(lease -> lease.half().halfOffset()).containsExactly(1L);
        });
    }

    @Test
    void shouldNeverClaimParkedOrDecidedHalves() {
        RecordContext.runner().run(context -> {
            TransactionRecord record = context.getBean(TransactionRecord.class);
            HalfLeases leases = context.getBean(HalfLeases.class);
            discover(record, pending(1, 100), pending(2, 100));
            Lease parked = leases.claim(List.of(BROKER), "A", 1_000, LEASE_MS, 1).getFirst();
            assertThat(leases.park(parked, CheckAnswer.NO_ANSWER)).isTrue();
            record.applyDecisions(BROKER, List.of(new ObservedDecision(0, 2, Decision.ROLLBACK,
                    DecisionSource.PRODUCER, "tx-2", "pg", 900, "orders", 0, null, 100L)), 1, "A");

            assertThat(leases.claim(List.of(BROKER), "A", 100_000, LEASE_MS, 10)).isEmpty();
            assertThat(record.half(BROKER, 1).orElseThrow().state()).isEqualTo(HalfState.PARKED);
            assertThat(record.resume(parked.half().id(), 100_000)).isTrue();
            assertThat(leases.claim(List.of(BROKER), "A", 100_000, LEASE_MS, 10))
                    .extracting(lease -> lease.half().halfOffset()).containsExactly(1L);
        });
    }

    @Test
    void shouldCopyEachBrokerDecisionOnceWhenInstancesReadTheSamePage() {
        RecordContext.runner().run(context -> {
            TransactionRecord record = context.getBean(TransactionRecord.class);
            discover(record, pending(7, 100));
            List<ObservedDecision> page = List.of(
                    new ObservedDecision(0, 7, Decision.COMMIT, DecisionSource.CHECK, "tx-7", "pg", 500, "orders", 0,
                            null, 100L),
                    new ObservedDecision(1, 8, Decision.ROLLBACK, DecisionSource.PRODUCER, "tx-8", "pg", 600, "orders",
                            1, "key-8", 400L));

            assertThat(record.applyDecisions(BROKER, page, 2, "A").recorded()).hasSize(2);
            assertThat(record.applyDecisions(BROKER, page, 2, "B").recorded()).isEmpty();

            assertThat(record.decisions(BROKER)).hasSize(2)
                    .allSatisfy(decision -> assertThat(decision.recordedBy()).isEqualTo("A"));
            assertThat(record.half(BROKER, 7).orElseThrow().state()).isEqualTo(HalfState.COMMITTED);
            HalfRecord neverSeenUndecided = record.half(BROKER, 8).orElseThrow();
            assertThat(neverSeenUndecided.state()).isEqualTo(HalfState.ROLLED_BACK);
            assertThat(neverSeenUndecided.decisionSource()).isEqualTo(DecisionSource.PRODUCER);
            assertThat(neverSeenUndecided).extracting(HalfRecord::topic, HalfRecord::queueId, HalfRecord::messageKeys,
                    HalfRecord::storedAtMs).containsExactly("orders", 1, "key-8", 400L);
            assertThat(record.cursor(BROKER).nextOpOffset()).isEqualTo(2);
        });
    }

    @Test
    void shouldSettleABrokerCheckWhoseDecisionWasCopiedBeforeTheCheckWasRecorded() {
        RecordContext.runner().run(context -> {
            TransactionRecord record = context.getBean(TransactionRecord.class);
            HalfLeases leases = context.getBean(HalfLeases.class);
            discover(record, pending(5, 1_000), pending(6, 1_000));
            List<Lease> claimed = leases.claim(List.of(BROKER), "A", 1_000, LEASE_MS, 2);
            Lease before = claimed.get(0);
            Lease between = claimed.get(1);

            // Half 5: the producer's answer is copied before the attempt is stored.
            record.applyDecisions(BROKER, List.of(decidedByCheck(0, 5)), 1, "A");
            record.addAttempt(awaiting(before));
            leases.complete(before, 1, CheckAnswer.AWAITING, 2_000);
            assertThat(record.settleDecided(before.half().id())).containsExactly(
                    new AnsweredAttempt(CheckAnswer.COMMIT, 100L));
            // Half 6: it is copied after the attempt is stored, before the lease ends with AWAITING.
            record.addAttempt(awaiting(between));
            record.applyDecisions(BROKER, List.of(decidedByCheck(1, 6)), 2, "A");
            leases.complete(between, 1, CheckAnswer.AWAITING, 2_000);
            assertThat(record.settleDecided(between.half().id())).isEmpty();

            for (Lease lease : claimed) {
                long id = lease.half().id();
                assertThat(record.attempts(id)).extracting(CheckAttempt::answer, CheckAttempt::latencyMs)
                        .containsExactly(tuple(CheckAnswer.COMMIT, 100L));
                assertThat(record.half(id).orElseThrow().lastAnswer()).isEqualTo(CheckAnswer.COMMIT);
            }
        });
    }

    private static ObservedDecision decidedByCheck(long opOffset, long halfOffset) {
        return new ObservedDecision(opOffset, halfOffset, Decision.COMMIT, DecisionSource.CHECK, "tx-" + halfOffset,
                "pg", 1_200, "orders", 0, null, 700L);
    }

    private static CheckAttempt awaiting(Lease lease) {
        return new CheckAttempt(null, lease.half().id(), 1, CheckChannel.BROKER, BROKER, CheckAnswer.AWAITING, null,
                1_100, null, lease.owner());
    }

    private static void discover(TransactionRecord record, HalfRecord... halves) {
        record.cursor(BROKER);
        long next = 0;
        for (HalfRecord half : halves) {
            next = Math.max(next, half.halfOffset() + 1);
        }
        record.discover(BROKER, List.of(halves), next);
    }

    private static HalfRecord pending(long halfOffset, long dueAtMs) {
        return new HalfRecord(null, BROKER, halfOffset, 1_000 + halfOffset, "pg", "tx-" + halfOffset, "orders", 0,
                null, dueAtMs - 300, dueAtMs, HalfState.PENDING, 0, null, dueAtMs, null, null, 0, dueAtMs - 300,
                null, null, null);
    }
}
