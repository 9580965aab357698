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
 * the deliveries of a pass are acknowledged by the store, so a crash can repeat a delivery (at-least-once) but never
 * skip one; delivered copies keep their UNIQ_KEY, so consumers can tell.
 */
public final class DelayDeliveryDuty implements MessageArrivalListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DelayDeliveryDuty.class);
    private static final int READ_BATCH = 64;
    private static final long IDLE_WAIT_MS = 1000;

    record Progress(List<Long> levelOffsets, long timerLowOffset, List<Long> timerDelivered) {
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
        this.thread = Thread.ofPlatform().name("tandem-delay").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
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

    private CompletableFuture<AppendResult> deliver(StoredMessage message) {
        MessageDraft draft = MessageDraft.of(message);
        String realTopic = draft.property(PropertyKeys.REAL_TOPIC);
        String realQueue = draft.property(PropertyKeys.REAL_QID);
        if (realTopic == null || realQueue == null) {
            LOG.warn("delayed message at position {} has no REAL_TOPIC/REAL_QID; dropped", message.position());
            return CompletableFuture.completedFuture(null);
        }
        draft.topic(realTopic).queueId(Integer.parseInt(realQueue));
        return writer.writeCompletion(draft);
    }

    private void persist() {
        List<Long> levels = new ArrayList<>(levelOffsets.length);
        for (long offset : levelOffsets) {
            levels.add(offset);
        }
        file.write(new Progress(levels, timerLowOffset, List.copyOf(timerDelivered)));
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
