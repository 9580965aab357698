package io.tandem.server.txn;

import io.tandem.protocol.txn.CheckOutcome;
import io.tandem.server.metadata.JsonFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * ({@link TransactionService#recover}). It also holds the check-back progress of the undecided halves (checks made,
 * when the next is due, the last answer, parked or not), so that neither a restart nor a promoted replica starts
 * their checks over. A decision moves a half from PENDING to DECIDING (so a second END_TRANSACTION
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

    /** The check-back progress of one undecided half, as persisted and replicated. */
    public record CheckState(long halfOffset, int checks, long nextCheckAtMs, CheckOutcome lastAnswer,
                             boolean parked) {
    }

    /**
     * What {@code transactions.json} holds (and a leader sends its replicas): the lowest undecided half offset, the
     * decided halves above it, the lowest op offset not yet reflected in those two, and the check-back progress of
     * the undecided halves ({@code checks} is absent from files written before it existed).
     */
    public record Progress(long halfLowOffset, List<Long> decidedAbove, long opLowOffset, List<CheckState> checks) {

        public Progress {
            decidedAbove = decidedAbove == null ? List.of() : List.copyOf(decidedAbove);
            checks = checks == null ? List.of() : List.copyOf(checks);
        }
    }

    private final JsonFile<Progress> file;
    private final TreeMap<Long, Entry> undecided = new TreeMap<>();
    private final TreeSet<Long> decidedAbove = new TreeSet<>();
    private final TreeSet<Long> appliedOps = new TreeSet<>();
    /** Check-back progress read from the file or a leader, for halves not (yet) in {@code undecided}. */
    private final TreeMap<Long, CheckState> carried = new TreeMap<>();
    private long halfLowOffset;
    private long nextHalfOffset;
    private long opLowOffset;
    private Progress adopted;

    public TransactionTable(Path metadataDirectory) {
        this.file = new JsonFile<>(metadataDirectory.resolve("transactions.json"), Progress.class);
        file.read().ifPresent(progress -> {
            halfLowOffset = progress.halfLowOffset();
            nextHalfOffset = halfLowOffset;
            decidedAbove.addAll(progress.decidedAbove());
            opLowOffset = progress.opLowOffset();
            progress.checks().forEach(state -> carried.put(state.halfOffset(), state));
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
        if (!decidedAbove.contains(half.halfOffset()) && half.halfOffset() >= halfLowOffset
                && !undecided.containsKey(half.halfOffset())) {
            Entry entry = new Entry(half);
            CheckState state = carried.remove(half.halfOffset());
            if (state != null) {
                entry.checks = state.checks();
                entry.nextCheckAtMs = state.nextCheckAtMs();
                entry.lastAnswer = state.lastAnswer() == null ? CheckOutcome.NONE : state.lastAnswer();
                entry.parked = state.parked();
            }
            undecided.put(half.halfOffset(), entry);
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
        carried.remove(halfOffset);
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
            halfLowOffset = lowestUndecided();
            decidedAbove.headSet(halfLowOffset).clear();
            carried.headMap(halfLowOffset).clear();
            progress = progress();
        }
        file.write(progress);
    }

    /**
     * The bookkeeping as {@link #persist()} would write it, without changing anything: what a leader sends its
     * replicas. Every half and op record it counts is in the store when it is taken.
     */
    public synchronized Progress progress() {
        long low = lowestUndecided();
        List<CheckState> checks = new ArrayList<>();
        for (Entry entry : undecided.values()) {
            if (entry.checks > 0 || entry.parked || entry.lastAnswer != CheckOutcome.NONE) {
                checks.add(new CheckState(entry.half.halfOffset(), entry.checks, entry.nextCheckAtMs,
                        entry.lastAnswer, entry.parked));
            }
        }
        for (CheckState state : carried.tailMap(low).values()) {
            if (!undecided.containsKey(state.halfOffset()) && !decidedAbove.contains(state.halfOffset())) {
                checks.add(state);
            }
        }
        checks.sort(Comparator.comparingLong(CheckState::halfOffset));
        return new Progress(low, List.copyOf(decidedAbove.tailSet(low)), opLowOffset, checks);
    }

    /**
     * Makes a leader's bookkeeping this broker's, replacing its own, and writes it (when it differs from the last
     * one adopted). For replicas, which decide nothing and check nothing: the caller makes sure the store already
     * holds every half and op record the progress counts. {@link TransactionService#recover} rebuilds the undecided
     * halves from it when the replica starts as a leader.
     */
    public void adopt(Progress progress) {
        synchronized (this) {
            if (progress.equals(adopted)) {
                return;
            }
            undecided.clear();
            appliedOps.clear();
            decidedAbove.clear();
            decidedAbove.addAll(progress.decidedAbove());
            carried.clear();
            progress.checks().forEach(state -> carried.put(state.halfOffset(), state));
            halfLowOffset = progress.halfLowOffset();
            nextHalfOffset = halfLowOffset;
            opLowOffset = progress.opLowOffset();
            adopted = progress;
        }
        persist();
    }

    private long lowestUndecided() {
        return undecided.isEmpty() ? Math.max(halfLowOffset, nextHalfOffset) : undecided.firstKey();
    }
}
