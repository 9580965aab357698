package io.tandem.server.delay;

import io.tandem.protocol.message.PropertyKeys;
import io.tandem.server.message.MessageDraft;
import io.tandem.server.message.StoredFields;
import io.tandem.server.metadata.JsonFile;
import io.tandem.server.metadata.TopicNames;
import io.tandem.server.message.DiskFullException;
import io.tandem.server.message.MessageWriter;
import io.tandem.store.AppendResult;
import io.tandem.store.MessageArrivalListener;
import io.tandem.store.MessageStore;
import io.tandem.store.ReadResult;
import io.tandem.store.ReadStatus;
import io.tandem.store.StoreClosedException;
import io.tandem.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers delayed messages when they are due: moves them from the schedule topic ({@link DelayPlan}) to their real
 * topic and queue. One thread; it sleeps until the earliest due time or until a new delayed message is dispatched.
 *
 * <p>Each delay-level queue is in due order (same delay, increasing store time), so its progress is one offset. The
 * timestamp queue is not: its undelivered entries are held in memory ordered by due time, rebuilt at start by
 * re-reading the queue from the lowest undelivered offset. Progress is written durably to {@code delay.json} after
 * the deliveries of a pass are acknowledged by the store, so a crash never skips one. Each delivered copy keeps its
 * UNIQ_KEY and names the schedule entry it came from ({@link DelayPlan#ORIGIN_PROPERTY}); before its first pass the
 * duty looks up, in the key index, the copies of the entries its progress does not count yet, and counts those it
 * finds. So neither a crash between a delivery and its progress nor a promoted replica, whose progress came from its
 * leader a moment earlier, delivers an entry twice.
 *
 * <p>Failure modes: a store that refuses a delivery (full disk) is retried every second; the progress file failing
 * to write fails the pass, which is retried. {@link #adopt} is for replicas only: it refuses once the duty runs.
 */
public final class DelayDeliveryDuty implements MessageArrivalListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DelayDeliveryDuty.class);
    private static final int READ_BATCH = 64;
    private static final long IDLE_WAIT_MS = 1000;

    /** How far the clock skew between a leader and its replicas is allowed to go, for recognising deliveries. */
    private static final long CLOCK_SKEW_MS = 60_000;
    /** Most copies looked at per key when recognising a delivery. */
    private static final int MAX_COPIES_PER_KEY = 64;

    /**
     * What {@code delay.json} holds: per delay level, the schedule queue offset up to which everything is delivered;
     * in the timestamp queue, the offset below which everything is delivered and the delivered offsets above it.
     */
    public record Progress(List<Long> levelOffsets, long timerLowOffset, List<Long> timerDelivered) {

        public Progress {
            levelOffsets = levelOffsets == null ? List.of() : List.copyOf(levelOffsets);
            timerDelivered = timerDelivered == null ? List.of() : List.copyOf(timerDelivered);
        }
    }

    private record TimerEntry(long dueMs, long queueOffset, long position) {
    }

    private final MessageStore store;
    private final MessageWriter writer;
    private final DelayPlan plan;
    private final Clock clock;
    private final JsonFile<Progress> file;
    private final long[] levelOffsets;
    private long timerLowOffset;
    private long timerLoadedOffset;
    private final TreeSet<Long> timerDelivered = new TreeSet<>();
    private final PriorityQueue<TimerEntry> timerPending = new PriorityQueue<>((a, b) -> a.dueMs != b.dueMs
            ? Long.compare(a.dueMs, b.dueMs) : Long.compare(a.queueOffset, b.queueOffset));
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean signalled;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile Progress persisted;
    private final Thread thread;

    public DelayDeliveryDuty(MessageStore store, MessageWriter writer, DelayPlan plan, Clock clock,
                             Path metadataDirectory) {
        this.store = store;
        this.writer = writer;
        this.plan = plan;
        this.clock = clock;
        this.file = new JsonFile<>(metadataDirectory.resolve("delay.json"), Progress.class);
        this.levelOffsets = new long[plan.levelCount()];
        file.read().ifPresent(progress -> {
            for (int i = 0; i < Math.min(levelOffsets.length, progress.levelOffsets().size()); i++) {
                levelOffsets[i] = progress.levelOffsets().get(i);
            }
            timerLowOffset = progress.timerLowOffset();
            timerDelivered.addAll(progress.timerDelivered());
        });
        this.timerLoadedOffset = timerLowOffset;
        this.persisted = currentProgress();
        this.thread = Thread.ofPlatform().name("tandem-delay").daemon().unstarted(this::run);
    }

    public void start() {
        started = true;
        thread.start();
    }

    /** The progress last written to {@code delay.json}: every delivery it counts is in the store. */
    public Progress progress() {
        return persisted;
    }

    /**
     * Makes a leader's progress this broker's, in memory and in {@code delay.json} (written only when it differs).
     * For replicas, whose duty never runs: the caller makes sure the store already holds every delivery it counts.
     *
     * @throws IllegalStateException if the duty was started
     */
    public void adopt(Progress progress) {
        if (started) {
            throw new IllegalStateException("the delay duty of a leader does not adopt another broker's progress");
        }
        lock.lock();
        try {
            if (progress.equals(persisted)) {
                return;
            }
            Arrays.fill(levelOffsets, 0);
            for (int i = 0; i < Math.min(levelOffsets.length, progress.levelOffsets().size()); i++) {
                levelOffsets[i] = progress.levelOffsets().get(i);
            }
            timerLowOffset = progress.timerLowOffset();
            timerLoadedOffset = timerLowOffset;
            timerDelivered.clear();
            timerDelivered.addAll(progress.timerDelivered());
            timerPending.clear();
            persist();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onArrival(String topic, int queueId, long queueOffset, long tagHash) {
        if (TopicNames.SCHEDULE_TOPIC.equals(topic)) {
            signal();
        }
    }

    private void signal() {
        lock.lock();
        try {
            signalled = true;
            wakeUp.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            recognizeDeliveries();
        } catch (StoreClosedException e) {
            return;
        } catch (RuntimeException e) {
            LOG.error("could not look for deliveries the delay progress does not count yet; delivering from the "
                    + "progress as written", e);
        }
        while (running) {
            long nextDueMs;
            try {
                nextDueMs = pass();
            } catch (StoreClosedException e) {
                return;
            } catch (RuntimeException e) {
                if (e.getCause() instanceof DiskFullException diskFull) {
                    LOG.warn("delayed messages fall due but the store refuses them; retrying in {} ms: {}",
                            IDLE_WAIT_MS, diskFull.getMessage());
                } else {
                    LOG.error("delayed-message delivery failed; retrying in {} ms", IDLE_WAIT_MS, e);
                }
                nextDueMs = clock.millis() + IDLE_WAIT_MS;
            }
            waitUntil(Math.min(nextDueMs, clock.millis() + IDLE_WAIT_MS));
        }
    }

    private void waitUntil(long dueMs) {
        lock.lock();
        try {
            long waitMs = dueMs - clock.millis();
            while (running && !signalled && waitMs > 0) {
                wakeUp.await(waitMs, TimeUnit.MILLISECONDS);
                waitMs = dueMs - clock.millis();
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Delivers what is due; returns when the next message falls due (Long.MAX_VALUE if none is waiting). */
    long pass() {
        long now = clock.millis();
        long nextDue = Long.MAX_VALUE;
        List<CompletableFuture<AppendResult>> deliveries = new ArrayList<>();
        long[] newLevelOffsets = levelOffsets.clone();
        for (int q = 0; q < levelOffsets.length; q++) {
            long delayMs = plan.delayOf(q + 1).toMillis();
            boolean more = true;
            while (more) {
                ReadResult result = store.read(TopicNames.SCHEDULE_TOPIC, q, newLevelOffsets[q], READ_BATCH, 4 << 20);
                if (result.status() == ReadStatus.OFFSET_MOVED) {
                    newLevelOffsets[q] = result.nextOffset();
                    continue;
                }
                if (result.status() != ReadStatus.FOUND) {
                    break;
                }
                for (StoredMessage message : result.messages()) {
                    long due = message.storeTimestamp() + delayMs;
                    if (due > now) {
                        nextDue = Math.min(nextDue, due);
                        more = false;
                        break;
                    }
                    deliveries.add(deliver(message));
                    newLevelOffsets[q] = message.queueOffset() + 1;
                }
                if (more && result.nextOffset() > newLevelOffsets[q]) {
                    newLevelOffsets[q] = result.nextOffset();
                }
            }
        }
        loadTimerEntries();
        List<Long> timerDone = new ArrayList<>();
        while (!timerPending.isEmpty() && timerPending.peek().dueMs <= now) {
            TimerEntry entry = timerPending.poll();
            store.readByPosition(entry.position).ifPresentOrElse(message -> deliveries.add(deliver(message)),
                    () -> LOG.warn("delayed message at position {} is gone (retention); not delivered", entry.position));
            timerDone.add(entry.queueOffset);
        }
        if (!timerPending.isEmpty()) {
            nextDue = Math.min(nextDue, timerPending.peek().dueMs);
        }
        boolean progressed = !deliveries.isEmpty() || !timerDone.isEmpty();
        CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).join();
        System.arraycopy(newLevelOffsets, 0, levelOffsets, 0, levelOffsets.length);
        timerDelivered.addAll(timerDone);
        while (timerDelivered.remove(timerLowOffset)) {
            timerLowOffset++;
        }
        if (progressed) {
            persist();
        }
        return nextDue;
    }

    private void loadTimerEntries() {
        int queueId = plan.timerQueueId();
        while (true) {
            ReadResult result = store.read(TopicNames.SCHEDULE_TOPIC, queueId, timerLoadedOffset, READ_BATCH, 4 << 20);
            if (result.status() == ReadStatus.OFFSET_MOVED) {
                timerLoadedOffset = result.nextOffset();
                timerLowOffset = Math.max(timerLowOffset, result.nextOffset());
                continue;
            }
            if (result.status() != ReadStatus.FOUND) {
                return;
            }
            for (StoredMessage message : result.messages()) {
                if (message.queueOffset() < timerLowOffset || timerDelivered.contains(message.queueOffset())) {
                    continue;
                }
                Map<String, String> properties = StoredFields.propertyMap(message.properties());
                long due;
                try {
                    due = Long.parseLong(properties.getOrDefault(PropertyKeys.TIMER_OUT_MS, "0"));
                } catch (NumberFormatException e) {
                    due = 0;
                }
                timerPending.add(new TimerEntry(due, message.queueOffset(), message.position()));
            }
            timerLoadedOffset = result.nextOffset();
        }
    }

    /**
     * Counts the deliveries the store holds but the progress does not: in each level queue from its progress on,
     * up to the first entry without a copy; in the timestamp queue, every undelivered entry due by now (give or take
     * {@value #CLOCK_SKEW_MS} ms of clock skew). Writes the progress if it moved.
     */
    void recognizeDeliveries() {
        boolean moved = false;
        for (int q = 0; q < levelOffsets.length; q++) {
            long offset = levelOffsets[q];
            while (true) {
                ReadResult result = store.read(TopicNames.SCHEDULE_TOPIC, q, offset, 1, 4 << 20);
                if (result.status() == ReadStatus.OFFSET_MOVED) {
                    offset = result.nextOffset();
                    continue;
                }
                if (result.status() != ReadStatus.FOUND || !delivered(result.messages().getFirst())) {
                    break;
                }
                offset = result.messages().getFirst().queueOffset() + 1;
            }
            if (offset != levelOffsets[q]) {
                LOG.info("delay level {}: entries {} to {} were delivered before the progress was written",
                        q + 1, levelOffsets[q], offset - 1);
                levelOffsets[q] = offset;
                moved = true;
            }
        }
        long horizon = clock.millis() + CLOCK_SKEW_MS;
        long offset = timerLowOffset;
        int recognized = 0;
        while (true) {
            ReadResult result = store.read(TopicNames.SCHEDULE_TOPIC, plan.timerQueueId(), offset, READ_BATCH,
                    4 << 20);
            if (result.status() == ReadStatus.OFFSET_MOVED) {
                offset = result.nextOffset();
                continue;
            }
            if (result.status() != ReadStatus.FOUND) {
                break;
            }
            for (StoredMessage message : result.messages()) {
                if (!timerDelivered.contains(message.queueOffset()) && dueMs(message) <= horizon
                        && delivered(message)) {
                    timerDelivered.add(message.queueOffset());
                    recognized++;
                }
            }
            offset = result.nextOffset();
        }
        while (timerDelivered.remove(timerLowOffset)) {
            timerLowOffset++;
        }
        timerLoadedOffset = timerLowOffset;
        if (recognized > 0) {
            LOG.info("{} timed delayed messages were delivered before the progress was written", recognized);
        }
        if (moved || recognized > 0) {
            persist();
        }
    }

    /** Whether the store holds a copy delivered from this schedule entry. */
    private boolean delivered(StoredMessage entry) {
        Map<String, String> properties = StoredFields.propertyMap(entry.properties());
        String key = properties.get(PropertyKeys.UNIQ_KEY);
        String realTopic = properties.get(PropertyKeys.REAL_TOPIC);
        if (key == null || realTopic == null) {
            return false;
        }
        String origin = DelayPlan.origin(entry.queueId(), entry.queueOffset());
        return store.lookupByKey(realTopic, key, MAX_COPIES_PER_KEY).stream()
                .anyMatch(copy -> origin.equals(StoredFields.propertyMap(copy.properties())
                        .get(DelayPlan.ORIGIN_PROPERTY)));
    }

    private static long dueMs(StoredMessage message) {
        try {
            return Long.parseLong(StoredFields.propertyMap(message.properties())
                    .getOrDefault(PropertyKeys.TIMER_OUT_MS, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private CompletableFuture<AppendResult> deliver(StoredMessage message) {
        MessageDraft draft = MessageDraft.of(message);
        String realTopic = draft.property(PropertyKeys.REAL_TOPIC);
        String realQueue = draft.property(PropertyKeys.REAL_QID);
        if (realTopic == null || realQueue == null) {
            LOG.warn("delayed message at position {} has no REAL_TOPIC/REAL_QID; dropped", message.position());
            return CompletableFuture.completedFuture(null);
        }
        draft.property(DelayPlan.ORIGIN_PROPERTY, DelayPlan.origin(message.queueId(), message.queueOffset()))
                .topic(realTopic).queueId(Integer.parseInt(realQueue));
        return writer.writeCompletion(draft);
    }

    private Progress currentProgress() {
        List<Long> levels = new ArrayList<>(levelOffsets.length);
        for (long offset : levelOffsets) {
            levels.add(offset);
        }
        return new Progress(levels, timerLowOffset, List.copyOf(timerDelivered));
    }

    private void persist() {
        Progress progress = currentProgress();
        file.write(progress);
        persisted = progress;
    }

    @Override
    public void close() {
        running = false;
        signal();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
