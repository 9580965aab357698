package io.tandem.server.txn;

import io.tandem.protocol.txn.CheckOutcome;
import io.tandem.server.metadata.JsonFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state of every undecided half message, and enough bookkeeping to rebuild it after a restart without
 * forgetting a pending half or resurrecting a decided one.
 *
 * <p>Halves are numbered by their offset in the half topic; decisions are op records in the op topic, numbered by
 * their offset there. {@code transactions.json} holds the lowest undecided half offset, the decided halves above it,
 * and the lowest op offset not yet reflected in those two; at start the broker re-reads both topics from there
 * ({@link TransactionService#recover}). A decision moves a half from PENDING to DECIDING (so a second END_TRANSACTION
 * or a check answer racing with it is refused) and, once its op record is stored, out of the table.
 * Thread-safe: every method is synchronized; none does I/O except {@link #persist()}.
 */
public final class TransactionTable {

    /** Where an undecided half is. */
    public enum State { PENDING, DECIDING }

    /** One undecided half and its check-back progress. */
    public static final class Entry {
        private final HalfMessage half;
        private State state = State.PENDING;
        private int checks;
        private long nextCheckAtMs;
        private CheckOutcome lastAnswer = CheckOutcome.NONE;
        private boolean parked;

        Entry(HalfMessage half) {
            this.half = half;
            this.nextCheckAtMs = half.firstCheckAtMs();
        }

        public HalfMessage half() {
            return half;
        }
    }

    /** A copy of an entry's fields at one moment. */
    public record Snapshot(HalfMessage half, State state, int checks, long nextCheckAtMs, CheckOutcome lastAnswer,
                           boolean parked) {
    }

    /** The outcome of trying to start a decision. */
    public sealed interface Claim {
        record Claimed(HalfMessage half) implements Claim {
        }

        record AlreadyDecided() implements Claim {
        }

        record InProgress() implements Claim {
        }
    }

    record Progress(long halfLowOffset, List<Long> decidedAbove, long opLowOffset) {
    }

    private final JsonFile<Progress> file;
    private final TreeMap<Long, Entry> undecided = new TreeMap<>();
    private final TreeSet<Long> decidedAbove = new TreeSet<>();
    private final TreeSet<Long> appliedOps = new TreeSet<>();
    private long halfLowOffset;
    private long nextHalfOffset;
    private long opLowOffset;

    public TransactionTable(Path metadataDirectory) {
        this.file = new JsonFile<>(metadataDirectory.resolve("transactions.json"), Progress.class);
        file.read().ifPresent(progress -> {
            halfLowOffset = progress.halfLowOffset();
            nextHalfOffset = halfLowOffset;
            decidedAbove.addAll(progress.decidedAbove());
            opLowOffset = progress.opLowOffset();
        });
    }

    synchronized long halfLowOffset() {
        return halfLowOffset;
    }

    synchronized long opLowOffset() {
        return opLowOffset;
    }

    /** Whether the half at {@code halfOffset} is known to be decided. */
    public synchronized boolean isDecided(long halfOffset) {
        return halfOffset < halfLowOffset && !undecided.containsKey(halfOffset) || decidedAbove.contains(halfOffset);
    }

    /** Records a stored half as pending (unless a decision for it was already read back). */
    public synchronized void addPending(HalfMessage half) {
        nextHalfOffset = Math.max(nextHalfOffset, half.halfOffset() + 1);
        if (!decidedAbove.contains(half.halfOffset()) && half.halfOffset() >= halfLowOffset) {
            undecided.putIfAbsent(half.halfOffset(), new Entry(half));
        }
    }

    /** Starts a decision: only one can be in progress or done per half. */
    public synchronized Claim claim(long halfOffset) {
        Entry entry = undecided.get(halfOffset);
        if (entry == null) {
            return new Claim.AlreadyDecided();
        }
        if (entry.state == State.DECIDING) {
            return new Claim.InProgress();
        }
        entry.state = State.DECIDING;
        return new Claim.Claimed(entry.half);
    }

    /** Gives a claimed half back (its decision could not be stored). */
    public synchronized void release(long halfOffset) {
        Entry entry = undecided.get(halfOffset);
        if (entry != null) {
            entry.state = State.PENDING;
        }
    }

    /** The decision's op record (at {@code opOffset}) is stored: the half is decided. */
    public synchronized void decided(long halfOffset, long opOffset) {
        undecided.remove(halfOffset);
        if (halfOffset >= halfLowOffset) {
            decidedAbove.add(halfOffset);
        }
        if (opOffset >= opLowOffset) {
            appliedOps.add(opOffset);
            while (appliedOps.remove(opLowOffset)) {
                opLowOffset++;
            }
        }
    }

    /** Notes a check-back attempt and when the next one is due. */
    public synchronized void checked(long halfOffset, CheckOutcome answer, long nextCheckAtMs) {
        Entry entry = undecided.get(halfOffset);
        if (entry != null) {
            entry.checks++;
            entry.lastAnswer = answer;
            entry.nextCheckAtMs = nextCheckAtMs;
        }
    }

    /** Stops checking a half whose checks ran out under the PARK policy; it stays undecided and visible. */
    public synchronized void park(long halfOffset) {
        Entry entry = undecided.get(halfOffset);
        if (entry != null) {
            entry.parked = true;
            entry.nextCheckAtMs = Long.MAX_VALUE;
        }
    }

    /** Checks a parked half again from now on. */
    public synchronized boolean resume(long halfOffset, long nowMs) {
        Entry entry = undecided.get(halfOffset);
        if (entry == null || !entry.parked) {
            return false;
        }
        entry.parked = false;
        entry.checks = 0;
        entry.nextCheckAtMs = nowMs;
        return true;
    }

    public synchronized int parkedCount() {
        return (int) undecided.values().stream().filter(entry -> entry.parked).count();
    }

    /** Notes the producer's answer ({@link CheckOutcome#UNKNOWN}) without counting a check. */
    public synchronized void answered(long halfOffset, CheckOutcome answer) {
        Entry entry = undecided.get(halfOffset);
        if (entry != null) {
            entry.lastAnswer = answer;
        }
    }

    public synchronized List<Snapshot> undecided() {
        List<Snapshot> copy = new ArrayList<>(undecided.size());
        for (Entry entry : undecided.values()) {
            copy.add(new Snapshot(entry.half, entry.state, entry.checks, entry.nextCheckAtMs, entry.lastAnswer,
                    entry.parked));
        }
        return copy;
    }

    public synchronized Snapshot undecided(long halfOffset) {
        Entry entry = undecided.get(halfOffset);
        return entry == null ? null
                : new Snapshot(entry.half, entry.state, entry.checks, entry.nextCheckAtMs, entry.lastAnswer,
                entry.parked);
    }

    public synchronized int undecidedCount() {
        return undecided.size();
    }

    /** Writes the bookkeeping durably (called periodically and at shutdown). */
    public void persist() {
        Progress progress;
        synchronized (this) {
            halfLowOffset = undecided.isEmpty() ? Math.max(halfLowOffset, nextHalfOffset) : undecided.firstKey();
            decidedAbove.headSet(halfLowOffset).clear();
            progress = new Progress(halfLowOffset, List.copyOf(decidedAbove), opLowOffset);
        }
        file.write(progress);
    }
}
