package io.tandem.server.replication;

import io.tandem.server.auth.Acls;
import io.tandem.server.auth.Users;
import io.tandem.server.consume.ConsumerOffsets;
import io.tandem.server.consume.QueueLocks;
import io.tandem.server.delay.DelayDeliveryDuty;
import io.tandem.server.metadata.Groups;
import io.tandem.server.metadata.Topics;
import io.tandem.server.txn.TransactionTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.LongSupplier;

/**
 * The broker state outside the log that a promoted replica needs, in one place: a leader takes its
 * {@link MetadataSnapshot} from here, a replica applies the leader's here, so that it is on disk before a promotion.
 *
 * <p>Topics, groups, consumer offsets, users, ACLs and orderly consumers' queue locks are applied as they arrive.
 * The delay progress and the transactions' bookkeeping count records of the log (deliveries, half and op records),
 * so a replica applies them only once its own durable log reaches the snapshot's {@code logPosition}: until then the
 * snapshot waits (the newest {@value #MAX_WAITING} wait), and each later arrival applies the newest one the log
 * covers. Applying an older one
 * is safe: a broker starting as leader recognises the deliveries and decisions its log holds beyond it.
 *
 * <p>Thread-safe: {@link #apply} is serialized. Failure modes: an invalid user or ACL in a snapshot fails
 * {@link #apply} with an {@link IllegalArgumentException} naming it, after the tables were applied and before
 * anything else is.
 */
public final class ReplicatedState {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedState.class);
    /** Snapshots waiting for the log to reach them; at the default interval, a lag of about a minute. */
    static final int MAX_WAITING = 64;

    private final Topics topics;
    private final Groups groups;
    private final ConsumerOffsets offsets;
    private final Users users;
    private final Acls acls;
    private final QueueLocks locks;
    private final DelayDeliveryDuty delay;
    private final TransactionTable transactions;
    private final LongSupplier logEnd;
    private final Deque<MetadataSnapshot> waiting = new ArrayDeque<>();

    /**
     * @param logEnd the end of this broker's log: on a leader where it writes, on a replica what is durable
     */
    public ReplicatedState(Topics topics, Groups groups, ConsumerOffsets offsets, Users users, Acls acls,
                           QueueLocks locks, DelayDeliveryDuty delay, TransactionTable transactions,
                           LongSupplier logEnd) {
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.users = users;
        this.acls = acls;
        this.locks = locks;
        this.delay = delay;
        this.transactions = transactions;
        this.logEnd = logEnd;
    }

    /** The leader's snapshot; the log position is read last, so it covers every record the rest counts. */
    public MetadataSnapshot snapshot() {
        MetadataSnapshot tables = MetadataSnapshot.of(topics, groups, offsets);
        DelayDeliveryDuty.Progress delayProgress = delay.progress();
        TransactionTable.Progress transactionProgress = transactions.progress();
        return new MetadataSnapshot(tables.topics(), tables.groups(), tables.offsets(), users.export(),
                acls.export(), locks.held(), delayProgress, transactionProgress, logEnd.getAsLong());
    }

    /** Applies a leader's snapshot on a replica (see the class comment for what waits for the log). */
    public synchronized void apply(MetadataSnapshot snapshot) {
        snapshot.applyTo(topics, groups, offsets);
        if (snapshot.users() != null) {
            users.replaceAll(snapshot.users());
        }
        if (snapshot.acls() != null) {
            acls.replaceAll(snapshot.acls());
        }
        if (snapshot.locks() != null) {
            locks.adopt(snapshot.locks());
        }
        if (snapshot.delay() != null || snapshot.transactions() != null) {
            waiting.addLast(snapshot);
            if (waiting.size() > MAX_WAITING) {
                waiting.removeFirst();
            }
        }
        applyCovered();
    }

    /** Applies the newest waiting snapshot the log covers, dropping it and every older one. */
    private void applyCovered() {
        long end = logEnd.getAsLong();
        MetadataSnapshot newest = null;
        for (MetadataSnapshot candidate : waiting) {
            if (candidate.logPosition() <= end) {
                newest = candidate;
            }
        }
        if (newest == null) {
            if (!waiting.isEmpty()) {
                LOG.debug("log at {}; the delay and transaction progress of {} waits for it", end,
                        waiting.peekFirst().logPosition());
            }
            return;
        }
        for (Iterator<MetadataSnapshot> it = waiting.iterator(); it.hasNext(); ) {
            MetadataSnapshot each = it.next();
            it.remove();
            if (each == newest) {
                break;
            }
        }
        if (newest.delay() != null) {
            delay.adopt(newest.delay());
        }
        if (newest.transactions() != null) {
            transactions.adopt(newest.transactions());
        }
    }
}
