package io.tandem.store;

import io.tandem.store.engine.CommitLogMessageStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * What the store does when the disk fails a flush: with SYNC durability the append whose fdatasync (or write)
 * failed fails, every later append fails fast naming the cause, nothing is acknowledged past the last good sync,
 * and a reopen with a healthy disk recovers everything acknowledged before. With ASYNC durability an append whose
 * write fails is not acknowledged, and later appends fail fast once a write or a background sync failed.
 */
class FlushFailureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String INJECTED = "injected EIO from the test disk";

    @TempDir
    Path directory;

    private StoreConfig.Builder config(TestEngines.Named engine, Durability durability) {
        return StoreConfig.builder(directory)
                .ioEngineFactory(engine.factory())
                .durability(durability)
                .flushInterval(Duration.ofMillis(20))
                .segmentSize(64 * 1024)
                .maxRecordSize(8 * 1024)
                .tailCacheSize(128 * 1024)
                .consumeQueueFileEntries(64)
                .indexSlots(64)
                .indexFileEntries(128);
    }

    private static StoreConfig.Builder faulty(StoreConfig.Builder config, TestEngines.Named engine, FaultInjectingIoEngine[] holder) {
        return config.ioEngineFactory(() -> holder[0] = new FaultInjectingIoEngine(engine.factory().get()));
    }

    private static AppendRequest request(int queueId, int i) {
        byte[] body = ("record-" + i + "-" + "abcdefghij".repeat(i % 97)).getBytes(StandardCharsets.UTF_8);
        return AppendRequest.of("t", queueId, body).withKeys(List.of("key-" + i));
    }

    // -------------------------------------------------------------------------------------------------------------
    // SYNC

    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldFailTheAppendWhoseSyncFailedAndEveryLaterAppend(TestEngines.Named engine) throws Exception {
        shouldFailFromTheFailedFlushOn(engine, false);
    }

    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldFailTheAppendWhoseWriteFailedAndEveryLaterAppend(TestEngines.Named engine) throws Exception {
        shouldFailFromTheFailedFlushOn(engine, true);
    }

    private void shouldFailFromTheFailedFlushOn(TestEngines.Named engine, boolean failWrite) throws Exception {
        FaultInjectingIoEngine[] faults = new FaultInjectingIoEngine[1];
        List<Acked> acked = new ArrayList<>();
        long durableAtFailure;
        try (MessageStore store = CommitLogMessageStore.open(faulty(config(engine, Durability.SYNC), engine, faults).build())) {
            for (int i = 0; i < 60; i++) {
                AppendRequest request = request(i % 3, i);
                acked.add(new Acked(request, store.append(request).get(10, TimeUnit.SECONDS)));
            }
            durableAtFailure = store.status().durablePosition();
            if (failWrite) {
                faults[0].failWrite(new IOException(INJECTED));
            } else {
                faults[0].failForce(new IOException(INJECTED));
            }

            CompletableFuture<AppendResult> failed = store.append(request(0, 1000));
            Throwable cause = failureOf(failed, "the append whose flush failed");
            assertThat(cause).isInstanceOf(StoreFailedException.class).hasMessageContaining(INJECTED);
            assertThat(rootCause(cause)).isInstanceOf(IOException.class).hasMessage(INJECTED);
            assertThat(faults[0].hasInjected()).isTrue();
            assertThat(store.status().failed()).isTrue();
            assertThat(store.status().durablePosition()).isEqualTo(durableAtFailure);

            for (int i = 0; i < 5; i++) {
                CompletableFuture<AppendResult> later = store.append(request(i % 3, 2000 + i));
                assertFailedFast(later, "later append " + i);
            }
            CompletableFuture<List<AppendResult>> batch = store.appendBatch(List.of(request(1, 3000), request(2, 3001)));
            assertFailedFast(batch, "later batch");
            assertThat(store.status().durablePosition()).as("nothing became durable after the failure")
                    .isEqualTo(durableAtFailure);
            // Reads of acknowledged records keep working on a failed store.
            assertThat(store.read("t", 0, 0, 1, 1 << 20).messages()).singleElement()
                    .satisfies(m -> assertThat(m.body()).isEqualTo(acked.getFirst().request.body()));
        }
        assertRecovered(engine, acked);
    }

    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldNeverAcknowledgeAnAppendOnceTheFlushFailed(TestEngines.Named engine) throws Exception {
        FaultInjectingIoEngine[] faults = new FaultInjectingIoEngine[1];
        int threads = 4;
        List<Acked> acked = Collections.synchronizedList(new ArrayList<>());
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch enoughAcked = new CountDownLatch(300);
        AtomicInteger sequence = new AtomicInteger();
        long durableAfterFailure;
        try (MessageStore store = CommitLogMessageStore.open(faulty(config(engine, Durability.SYNC), engine, faults).build())) {
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int queueId = t;
                appenders.add(Thread.ofPlatform().name("appender-" + t).start(() -> {
                    while (true) {
                        int i = sequence.getAndIncrement();
                        AppendRequest request = request(queueId, i);
                        CompletableFuture<AppendResult> future = store.append(request);
                        all.add(future);
                        try {
                            AppendResult result = future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                            acked.add(new Acked(request, result));
                            enoughAcked.countDown();
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof StoreFailedException)) {
                                violations.add("append " + i + " failed with " + e.getCause());
                            }
                            // One more: it must fail at once, the store knows it failed.
                            CompletableFuture<AppendResult> next = store.append(request(queueId, 1_000_000 + queueId));
                            if (!next.isCompletedExceptionally()) {
                                violations.add("an append after the failure on thread " + queueId + " did not fail fast");
                            }
                            return;
                        } catch (TimeoutException e) {
                            violations.add("append " + i + " on thread " + queueId + " neither completed nor failed within " + TIMEOUT);
                            return;
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            assertThat(enoughAcked.await(30, TimeUnit.SECONDS)).as("appends are acknowledged before the fault").isTrue();
            faults[0].failForce(new IOException(INJECTED));
            for (Thread appender : appenders) {
                appender.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(appender.isAlive()).as(appender.getName() + " stopped after the failure").isFalse();
            }
            assertThat(violations).isEmpty();
            assertThat(store.status().failed()).isTrue();
            durableAfterFailure = store.status().durablePosition();
            for (CompletableFuture<?> future : all) {
                assertThat(future).as("every append future completes").isDone();
            }
            for (Acked a : acked) {
                assertThat(a.result.position() + a.result.length())
                        .as("an acknowledged record lies below the durable position %d: %s", durableAfterFailure, a.result)
                        .isLessThanOrEqualTo(durableAfterFailure);
            }
            // The durable position is frozen: a failed force never reports anything as durable afterwards.
            assertThat(store.status().durablePosition()).isEqualTo(durableAfterFailure);
        }
        assertRecovered(engine, acked);
    }

    /**
     * An append that is inside the log when the flush fails must still complete, exceptionally. The window: it
     * passed the log's "failed?" check under the append lock, but has not yet registered its acknowledgement with
     * the flusher, while the flush thread fails, fails the acknowledgements registered so far and stops. The test
     * holds the append in that window deterministically through the store's clock (read right after the check)
     * and lets it go on once the flush thread has stopped.
     */
    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldFailAnAppendThatWasInProgressWhenTheFlushFailed(TestEngines.Named engine) throws Exception {
        FaultInjectingIoEngine[] faults = new FaultInjectingIoEngine[1];
        PausingClock clock = new PausingClock();
        List<Acked> acked = new ArrayList<>();
        try (MessageStore store = CommitLogMessageStore.open(faulty(config(engine, Durability.SYNC).clock(clock), engine, faults).build())) {
            for (int i = 0; i < 10; i++) {
                AppendRequest request = request(0, i);
                acked.add(new Acked(request, store.append(request).get(10, TimeUnit.SECONDS)));
            }
            FaultInjectingIoEngine.ForceHold hold = faults[0].holdNextForce();
            faults[0].failForce(new IOException(INJECTED));

            CompletableFuture<AppendResult> first = store.append(request(0, 100));
            assertThat(hold.awaitEntered()).as("the flush of the first append reached fdatasync").isTrue();

            CompletableFuture<CompletableFuture<AppendResult>> second = new CompletableFuture<>();
            Thread secondAppender = Thread.ofPlatform().name("second-appender").unstarted(
                    () -> second.complete(store.append(request(1, 101))));
            clock.pauseNextCallOn(secondAppender);
            secondAppender.start();
            assertThat(clock.awaitPaused()).as("the second append is inside the log").isTrue();

            hold.release(); // the fdatasync fails now
            assertThat(failureOf(first, "the append whose flush failed")).isInstanceOf(StoreFailedException.class);
            // The flush thread has failed what was waiting and stopped; only then does the second append go on.
            hold.caller().join(TIMEOUT.toMillis());
            assertThat(hold.caller().isAlive()).as("the flush thread stopped after the failure").isFalse();
            clock.resume();

            CompletableFuture<AppendResult> secondFuture = second.get(10, TimeUnit.SECONDS);
            Throwable cause = failureOf(secondFuture, "the append that was in progress when the flush failed", Duration.ofSeconds(3));
            assertThat(cause).isInstanceOf(StoreFailedException.class).hasMessageContaining(INJECTED);
            assertFailedFast(store.append(request(2, 102)), "an append after both");
        }
        assertRecovered(engine, acked);
    }

    // -------------------------------------------------------------------------------------------------------------
    // ASYNC

    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldFailLaterAppendsFastAfterAFailedAsyncSync(TestEngines.Named engine) throws Exception {
        shouldFailAsyncAppendsAfterAFailedFlush(engine, false);
    }

    @ParameterizedTest
    @MethodSource("io.tandem.store.TestEngines#all")
    void shouldFailLaterAppendsFastAfterAFailedAsyncWrite(TestEngines.Named engine) throws Exception {
        shouldFailAsyncAppendsAfterAFailedFlush(engine, true);
    }

    private void shouldFailAsyncAppendsAfterAFailedFlush(TestEngines.Named engine, boolean failWrite) throws Exception {
        FaultInjectingIoEngine[] faults = new FaultInjectingIoEngine[1];
        List<Acked> durable = new ArrayList<>();
        try (MessageStore store = CommitLogMessageStore.open(faulty(config(engine, Durability.ASYNC), engine, faults).build())) {
            for (int i = 0; i < 100; i++) {
                AppendRequest request = request(i % 2, i);
                durable.add(new Acked(request, store.append(request).get(10, TimeUnit.SECONDS)));
            }
            await().atMost(TIMEOUT).until(() -> store.status().durablePosition() == store.status().writePosition());
            long durableAtFailure = store.status().durablePosition();
            if (failWrite) {
                faults[0].failWrite(new IOException(INJECTED));
            } else {
                faults[0].failForce(new IOException(INJECTED));
            }
            if (failWrite) {
                // ASYNC acknowledges once the bytes are written: this one never is.
                Throwable cause = failureOf(store.append(request(0, 100)), "the append whose write failed");
                assertThat(cause).isInstanceOf(StoreFailedException.class).hasMessageContaining(INJECTED);
            } else {
                // Its bytes reach the file, so it is acknowledged; the background sync after it fails.
                store.append(request(0, 100)).get(10, TimeUnit.SECONDS);
            }
            await().atMost(TIMEOUT).until(() -> store.status().failed());
            assertThat(faults[0].hasInjected()).isTrue();

            for (int i = 0; i < 5; i++) {
                assertFailedFast(store.append(request(i % 2, 200 + i)), "later append " + i);
            }
            assertFailedFast(store.appendBatch(List.of(request(0, 300), request(1, 301))), "later batch");
            assertThat(store.status().durablePosition()).isEqualTo(durableAtFailure);
        }
        assertRecovered(engine, durable);
    }

    // -------------------------------------------------------------------------------------------------------------

    private record Acked(AppendRequest request, AppendResult result) {
    }

    /** Reopens the directory with a healthy engine: every acknowledged record is there, queues dense, appends continue. */
    private void assertRecovered(TestEngines.Named engine, List<Acked> acked) throws Exception {
        assertThat(acked).isNotEmpty();
        try (MessageStore store = CommitLogMessageStore.open(config(engine, Durability.SYNC).build())) {
            assertThat(store.status().failed()).isFalse();
            for (Acked a : acked) {
                AppendRequest request = a.request;
                ReadResult read = store.read(request.topic(), request.queueId(), a.result.queueOffset(), 1, 1 << 20);
                assertThat(read.messages()).as("acknowledged %s", a.result).singleElement().satisfies(m -> {
                    assertThat(m.position()).isEqualTo(a.result.position());
                    assertThat(m.body()).isEqualTo(request.body());
                    assertThat(m.keys()).isEqualTo(request.keys());
                });
                assertThat(store.readByPosition(a.result.position())).as("acknowledged %s by position", a.result).get()
                        .satisfies(m -> assertThat(m.recordBytes().mismatch(read.messages().getFirst().recordBytes())).isEqualTo(-1L));
            }
            for (int queueId = 0; queueId < 4; queueId++) {
                long max = store.maxOffset("t", queueId);
                for (long offset = 0; offset < max; offset++) {
                    ReadResult read = store.read("t", queueId, offset, 1, 1 << 20);
                    assertThat(read.status()).as("t/%d offset %d of %d", queueId, offset, max).isEqualTo(ReadStatus.FOUND);
                    assertThat(read.messages().getFirst().queueOffset()).isEqualTo(offset);
                }
                if (max > 0 || queueId == 0) {
                    AppendResult next = store.append(request(queueId, 5000 + queueId)).get(10, TimeUnit.SECONDS);
                    assertThat(next.queueOffset()).as("a new append continues t/%d", queueId).isEqualTo(max);
                }
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future, String what) {
        return failureOf(future, what, TIMEOUT);
    }

    private static Throwable failureOf(CompletableFuture<?> future, String what, Duration timeout) {
        try {
            Object value = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            fail(what + " was acknowledged: " + value);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            fail(what + " neither completed nor failed within " + timeout + " (its future hangs)");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertFailedFast(CompletableFuture<?> future, String what) {
        assertThat(future.isCompletedExceptionally())
                .as("%s fails fast: its future is failed when append returns", what).isTrue();
        Throwable cause;
        try {
            future.join();
            throw new AssertionError(what + " completed normally");
        } catch (CompletionException e) {
            cause = e.getCause();
        }
        assertThat(cause).as(what).isInstanceOf(StoreFailedException.class).hasMessageContaining(INJECTED);
        assertThat(rootCause(cause)).as(what + ": root cause").isInstanceOf(IOException.class).hasMessage(INJECTED);
    }

    private static Throwable rootCause(Throwable throwable) {
        Throwable cause = throwable;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The system clock, except that the next call from one chosen thread waits until {@link #resume()}. */
    private static final class PausingClock extends Clock {
        private volatile Thread pausedThread;
        private final CountDownLatch paused = new CountDownLatch(1);
        private final CountDownLatch resumed = new CountDownLatch(1);

        void pauseNextCallOn(Thread thread) {
            pausedThread = thread;
        }

        boolean awaitPaused() throws InterruptedException {
            return paused.await(10, TimeUnit.SECONDS);
        }

        void resume() {
            resumed.countDown();
        }

        @Override
        public long millis() {
            if (Thread.currentThread() == pausedThread) {
                pausedThread = null;
                paused.countDown();
                try {
                    resumed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return System.currentTimeMillis();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
