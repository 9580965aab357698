package io.tandem.server.replication;

import io.tandem.protocol.body.AclInfo;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.UserInfo;
import io.tandem.protocol.txn.CheckOutcome;
import io.tandem.server.auth.Acls;
import io.tandem.server.auth.Users;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.consume.QueueLocks;
import io.tandem.server.delay.DelayDeliveryDuty;
import io.tandem.server.delay.DelayPlan;
import io.tandem.server.metadata.Groups;
import io.tandem.server.metadata.Topics;
import io.tandem.server.txn.TransactionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** What a replica does with its leader's snapshots, and which of their parts wait for its log. */
class ReplicatedStateTest {

    @TempDir
    Path directory;

    private final AtomicLong logEnd = new AtomicLong();
    private ConsumerOffsets offsets;

    private ReplicatedState state(Path metadata) {
        offsets = new ConsumerOffsets(metadata);
        return new ReplicatedState(new Topics(metadata), new Groups(metadata), offsets,
                new Users(metadata), new Acls(metadata), locks(metadata), delayDuty(metadata),
                new TransactionTable(metadata),
                logEnd::get);
    }

    private static QueueLocks locks(Path metadata) {
        return new QueueLocks(Clock.systemUTC(), Duration.ofSeconds(60), metadata);
    }

    private static DelayDeliveryDuty delayDuty(Path metadata) {
        // Never started: the store and writer are not touched.
        return new DelayDeliveryDuty(null, null, new DelayPlan(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5))),
                Clock.systemUTC(), metadata);
    }

    private static MetadataSnapshot snapshot(List<UserInfo> users, DelayDeliveryDuty.Progress delay,
                                             TransactionTable.Progress transactions, long logPosition) {
        return new MetadataSnapshot(List.of(), List.of(), Map.of(), users,
                List.of(new AclInfo("User:alice", List.of(new AclInfo.PolicyInfo("Custom",
                        List.of(new AclInfo.PolicyEntryInfo("Topic:orders", List.of("Pub"), null, "Allow")))))),
                List.of(new QueueLocks.Held("billing", "orders", "broker-a", 1, "client-1",
                        System.currentTimeMillis())),
                delay, transactions, logPosition);
    }

    @Test
    void shouldApplyUsersAtOnceAndTheLogCountingPartsOnlyOnceTheLogReachesThem() {
        Path metadata = directory.resolve("replica");
        ReplicatedState replica = state(metadata);
        List<UserInfo> users = List.of(new UserInfo("alice", "alice-secret-1234", "Normal", "enable"));
        DelayDeliveryDuty.Progress delay = new DelayDeliveryDuty.Progress(List.of(7L, 3L), 2, List.of(4L));
        TransactionTable.Progress transactions = new TransactionTable.Progress(5, List.of(7L), 9,
                List.of(new TransactionTable.CheckState(5, 3, 12_345, CheckOutcome.CHECK_SENT, false),
                        new TransactionTable.CheckState(6, 15, Long.MAX_VALUE, CheckOutcome.NO_PRODUCER_ONLINE,
                                true)));
        logEnd.set(1_000);

        replica.apply(snapshot(users, delay, transactions, 2_000));

        assertThat(new Users(metadata).find("alice")).hasValueSatisfying(
                user -> assertThat(user.secret()).isEqualTo("alice-secret-1234"));
        assertThat(new Acls(metadata).find("alice")).isPresent();
        // A broker starting from this directory honours the lock: another client does not get the queue.
        QueueLocks restarted = locks(metadata);
        assertThat(restarted.held()).extracting(QueueLocks.Held::clientId).containsExactly("client-1");
        assertThat(restarted.lock("billing", "client-2",
                Set.of(new MessageQueue("orders", "broker-a", 1)))).isEmpty();
        assertThat(restarted.lock("billing", "client-1",
                Set.of(new MessageQueue("orders", "broker-a", 1)))).hasSize(1);
        assertThat(delayDuty(metadata).progress().levelOffsets()).containsExactly(0L, 0L);
        assertThat(new TransactionTable(metadata).progress().checks()).isEmpty();

        // The log reaches the snapshot: the next arrival applies it (the newer one still waits).
        logEnd.set(2_500);
        replica.apply(snapshot(users, new DelayDeliveryDuty.Progress(List.of(8L, 3L), 2, List.of()), transactions,
                3_000));
        assertThat(delayDuty(metadata).progress()).isEqualTo(delay);
        assertThat(new TransactionTable(metadata).progress()).isEqualTo(transactions);

        // A user the leader no longer has goes.
        replica.apply(snapshot(List.of(), delay, transactions, 3_000));
        assertThat(new Users(metadata).find("alice")).isEmpty();
    }

    @Test
    void shouldReadASnapshotOfAnOlderLeaderAndLeaveWhatItDoesNotSendAlone() {
        Path metadata = directory.resolve("replica");
        ReplicatedState replica = state(metadata);
        logEnd.set(100);
        replica.apply(snapshot(List.of(new UserInfo("alice", "alice-secret-1234", "Normal", "enable")),
                new DelayDeliveryDuty.Progress(List.of(4L, 0L), 0, List.of()),
                new TransactionTable.Progress(0, List.of(), 0, List.of()), 50));

        byte[] older = """
                {"topics":[{"name":"orders","readQueueNums":4,"writeQueueNums":4,"perm":6,"order":false}],"groups":[],
                 "offsets":{"billing":{"orders":{"0":12}}}}
                """.getBytes(StandardCharsets.UTF_8);
        MetadataSnapshot snapshot = MetadataSnapshot.fromJson(older);
        assertThat(snapshot.users()).isNull();
        assertThat(snapshot.delay()).isNull();
        replica.apply(snapshot);

        offsets.flush();
        assertThat(new ConsumerOffsets(metadata).committed("billing", "orders", 0)).hasValue(12);
        assertThat(new Topics(metadata).contains("orders")).isTrue();
        assertThat(new Users(metadata).find("alice")).isPresent();
        assertThat(delayDuty(metadata).progress().levelOffsets()).containsExactly(4L, 0L);
        // And a newer leader's JSON, with a field this broker does not know, is read too.
        MetadataSnapshot newer = MetadataSnapshot.fromJson("""
                {"topics":[],"groups":[],"offsets":{},"somethingNew":{"a":1},"logPosition":7}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(newer.logPosition()).isEqualTo(7);
    }

    @Test
    void shouldRoundTripThroughJsonWithoutShowingSecrets() {
        MetadataSnapshot snapshot = snapshot(List.of(new UserInfo("alice", "alice-secret-1234", "Normal", "enable")),
                new DelayDeliveryDuty.Progress(List.of(1L), 0, List.of()),
                new TransactionTable.Progress(1, List.of(3L), 2,
                        List.of(new TransactionTable.CheckState(1, 2, 3, CheckOutcome.UNKNOWN, false))), 99);
        assertThat(MetadataSnapshot.fromJson(snapshot.toJson())).isEqualTo(snapshot);
        assertThat(snapshot.toString()).doesNotContain("alice-secret-1234");
    }
}
