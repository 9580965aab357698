package io.tandem.store;

import io.tandem.store.engine.CommitLogMessageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A replica's store copies a leader's commit log chunk by chunk and serves the same reads. */
class ReplicatedAppendTest {

    private static final long SEGMENT_SIZE = 64 * 1024;
    private static final int MAX_RECORD = 8 * 1024;

    @TempDir
    Path leaderDirectory;

    @TempDir
    Path replicaDirectory;

    private static StoreConfig config(Path directory) {
        return StoreConfig.builder(directory)
                .durability(Durability.SYNC)
                .segmentSize(SEGMENT_SIZE)
                .maxRecordSize(MAX_RECORD)
                .tailCacheSize(128 * 1024)
                .consumeQueueFileEntries(64)
                .indexSlots(64)
                .indexFileEntries(128)
                .build();
    }

    private static byte[] body(int i) {
        // Sizes vary from a few bytes to several KiB, so segments end in fillers and in gaps too short for one.
        return ("m-" + i + "-" + "x".repeat((i * 797) % 5000)).getBytes(StandardCharsets.UTF_8);
    }

    /** Copies everything the leader lets replicas read, in chunks of about {@code maxLength} bytes. */
    private static long copy(MessageStore leader, MessageStore replica, int maxLength) throws Exception {
        MemorySegment buffer = MemorySegment.ofArray(new byte[Math.max(maxLength, MAX_RECORD)]);
        long position = replica.status().writePosition();
        int chunks = 0;
        while (true) {
            LogChunk chunk = leader.readChunk(position, maxLength, buffer);
            if (chunk.isEmpty()) {
                return chunks;
            }
            assertThat(replica.appendChunk(chunk, buffer.asSlice(0, chunk.length())).get()).isEqualTo(chunk.end());
            position = chunk.end();
            chunks++;
        }
    }

    @Test
    void replicaHoldsTheSameBytesAndServesTheSameReads() throws Exception {
        try (MessageStore leader = CommitLogMessageStore.open(config(leaderDirectory));
             MessageStore replica = CommitLogMessageStore.open(config(replicaDirectory))) {
            for (int i = 0; i < 600; i++) {
                leader.append(AppendRequest.of("orders", i % 4, body(i))).get();
            }
            assertThat(copy(leader, replica, 16 * 1024)).isGreaterThan(SEGMENT_SIZE * 3 / (16 * 1024));
            assertThat(replica.status().writePosition()).isEqualTo(leader.status().writePosition());
            MessageStoreTest.awaitDispatched(replica);
            for (int queue = 0; queue < 4; queue++) {
                assertThat(replica.maxOffset("orders", queue)).isEqualTo(150);
                ReadResult read = replica.read("orders", queue, 0, 200, 64 << 20);
                assertThat(read.messages()).hasSize(150);
                for (int n = 0; n < 150; n++) {
                    assertThat(read.messages().get(n).body()).isEqualTo(body(n * 4 + queue));
                    assertThat(read.messages().get(n).queueOffset()).isEqualTo(n);
                }
            }
            leader.flush();
            replica.flush();
            List<byte[]> leaderSegments = segmentContents(leaderDirectory);
            List<byte[]> replicaSegments = segmentContents(replicaDirectory);
            assertThat(replicaSegments).hasSameSizeAs(leaderSegments);
            for (int i = 0; i < leaderSegments.size(); i++) {
                assertThat(java.util.Arrays.mismatch(replicaSegments.get(i), leaderSegments.get(i)))
                        .as("first differing byte of segment %d", i).isEqualTo(-1);
            }
        }
    }

    @Test
    void reopenedReplicaResumesFromItsEndAndCanTakeOverAppends() throws Exception {
        try (MessageStore leader = CommitLogMessageStore.open(config(leaderDirectory))) {
            for (int i = 0; i < 200; i++) {
                leader.append(AppendRequest.of("orders", i % 2, body(i))).get();
            }
            try (MessageStore replica = CommitLogMessageStore.open(config(replicaDirectory))) {
                copy(leader, replica, 4096);
            }
            for (int i = 200; i < 400; i++) {
                leader.append(AppendRequest.of("orders", i % 2, body(i))).get();
            }
            try (MessageStore replica = CommitLogMessageStore.open(config(replicaDirectory))) {
                assertThat(replica.status().writePosition()).isLessThan(leader.status().writePosition());
                copy(leader, replica, 4096);
                assertThat(replica.status().writePosition()).isEqualTo(leader.status().writePosition());
                // A promoted replica appends after the copied records, at the queue offsets that follow theirs.
                AppendResult next = replica.append(AppendRequest.of("orders", 1, body(400))).get();
                assertThat(next.queueOffset()).isEqualTo(200);
                assertThat(next.position()).isGreaterThanOrEqualTo(leader.status().writePosition());
                MessageStoreTest.awaitDispatched(replica);
                assertThat(replica.maxOffset("orders", 0)).isEqualTo(200);
                assertThat(replica.maxOffset("orders", 1)).isEqualTo(201);
            }
        }
    }

    @Test
    void chunkThatDoesNotFitIsRefusedAndChangesNothing() throws Exception {
        try (MessageStore leader = CommitLogMessageStore.open(config(leaderDirectory));
             MessageStore replica = CommitLogMessageStore.open(config(replicaDirectory))) {
            for (int i = 0; i < 20; i++) {
                leader.append(AppendRequest.of("orders", 0, body(i))).get();
            }
            MemorySegment buffer = MemorySegment.ofArray(new byte[16 * 1024]);
            LogChunk first = leader.readChunk(0, 4096, buffer);
            LogChunk second = leader.readChunk(first.end(), 4096, buffer);
            assertThatThrownBy(() -> replica.appendChunk(second, buffer.asSlice(0, second.length())).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("chunk starts at position " + first.end() + " but the log ends at 0");

            LogChunk again = leader.readChunk(0, 4096, buffer);
            buffer.set(java.lang.foreign.ValueLayout.JAVA_BYTE, again.length() - 1,
                    (byte) (buffer.get(java.lang.foreign.ValueLayout.JAVA_BYTE, again.length() - 1) ^ 1));
            assertThatThrownBy(() -> replica.appendChunk(again, buffer.asSlice(0, again.length())).get())
                    .hasMessageContaining("record CRC mismatch");
            assertThat(replica.status().writePosition()).isZero();

            assertThatThrownBy(() -> leader.readChunk(leader.status().writePosition() + 1, 4096, buffer))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("past the end of the log");
        }
    }

    private static List<byte[]> segmentContents(Path directory) throws Exception {
        List<byte[]> contents = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory.resolve("commitlog"))) {
            for (Path file : files.sorted().toList()) {
                contents.add(Files.readAllBytes(file));
            }
        }
        return contents;
    }
}
