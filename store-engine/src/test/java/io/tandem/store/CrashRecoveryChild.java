package io.tandem.store;

import io.tandem.store.engine.CommitLogMessageStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The process {@link CrashRecoveryTest} kills with SIGKILL. It opens a store with the durability it is given and
 * lets several threads append records whose every byte follows from an id (round, thread, sequence), and prints one
 * line per acknowledged record on stdout, flushed before the thread appends again:
 *
 * <pre>ACK thread seq topic queueId queueOffset position length bodyCrc32c END</pre>
 *
 * <p>Each thread appends one record or a small batch at a time and waits for the acknowledgement, so at any
 * moment at most {@link #MAX_BATCH} of its records are in flight. Anything else the JVM would write to stdout
 * (logging) goes to stderr, so that the parent only parses ACK lines.
 *
 * <p>Arguments: directory engineName durability round seed threads checkpointIntervalMs
 */
public final class CrashRecoveryChild {

    static final int MAX_BATCH = 3;
    /** Thread number used by the parent for the records it appends after each recovery. */
    static final int PARENT_THREAD = 99;
    static final List<String> TOPICS = List.of("orders", "payments");
    static final int[] QUEUES_PER_TOPIC = {3, 2};

    private CrashRecoveryChild() {
    }

    /** The store configuration shared by the child and the parent: small everything, so that files roll often. */
    static StoreConfig.Builder config(Path directory, TestEngines.Named engine) {
        return config(directory, engine, Durability.SYNC);
    }

    static StoreConfig.Builder config(Path directory, TestEngines.Named engine, Durability durability) {
        return StoreConfig.builder(directory)
                .ioEngineFactory(engine.factory())
                .durability(durability)
                .segmentSize(64 * 1024)
                .maxRecordSize(8 * 1024)
                .tailCacheSize(128 * 1024)
                .consumeQueueFileEntries(64)
                .indexSlots(64)
                .indexFileEntries(128);
    }

    public static void main(String[] args) throws Exception {
        PrintStream acks = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        System.setOut(System.err); // logging and anything else stays out of the ACK stream
        Path directory = Path.of(args[0]);
        TestEngines.Named engine = TestEngines.byName(args[1]);
        Durability durability = Durability.valueOf(args[2]);
        int round = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        int threads = Integer.parseInt(args[5]);
        long checkpointMs = Long.parseLong(args[6]);

        MessageStore store = CommitLogMessageStore.open(config(directory, engine, durability)
                .checkpointInterval(Duration.ofMillis(checkpointMs))
                .build());
        synchronized (acks) {
            acks.println("OPENED");
            acks.flush();
        }
        List<Thread> appenders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            appenders.add(Thread.ofPlatform().name("appender-" + t).start(() -> append(store, acks, round, thread, seed)));
        }
        for (Thread appender : appenders) {
            appender.join();
        }
    }

    private static void append(MessageStore store, PrintStream acks, int round, int thread, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 31 + thread);
        int seq = 0;
        StringBuilder line = new StringBuilder(128 * MAX_BATCH);
        while (true) {
            int count = random.nextInt(8) == 0 ? 2 + random.nextInt(MAX_BATCH - 1) : 1;
            List<AppendRequest> requests = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                requests.add(request(round, thread, seq + i));
            }
            List<AppendResult> results;
            try {
                results = count == 1 ? List.of(store.append(requests.getFirst()).join()) : store.appendBatch(requests).join();
                if (!results.getFirst().appended()) {
                    throw new IllegalStateException("append refused: " + store.diskStatus().describe());
                }
            } catch (Throwable e) {
                synchronized (acks) {
                    acks.println("ERROR thread " + thread + " seq " + seq + ": " + e);
                    acks.flush();
                }
                e.printStackTrace();
                System.err.flush();
                Runtime.getRuntime().halt(3);
                return;
            }
            line.setLength(0);
            for (int i = 0; i < count; i++) {
                AppendRequest request = requests.get(i);
                AppendResult result = results.get(i);
                line.append("ACK ").append(thread).append(' ').append(seq + i).append(' ')
                        .append(request.topic()).append(' ').append(request.queueId()).append(' ')
                        .append(result.queueOffset()).append(' ').append(result.position()).append(' ')
                        .append(result.length()).append(' ').append(crc(request.body())).append(" END\n");
            }
            synchronized (acks) {
                acks.print(line);
                acks.flush();
            }
            seq += count;
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Deterministic records

    /** The record with id (round, thread, seq): every field and byte follows from the id. */
    static AppendRequest request(int round, int thread, int seq) {
        SplittableRandom random = new SplittableRandom(mix(round, thread, seq));
        int topicIndex = random.nextInt(TOPICS.size());
        String topic = TOPICS.get(topicIndex);
        int queueId = random.nextInt(QUEUES_PER_TOPIC[topicIndex]);
        int percent = random.nextInt(100);
        int size;
        if (percent < 75) {
            size = 1 + random.nextInt(300);
        } else if (percent < 95) {
            size = 300 + random.nextInt(1700);
        } else {
            size = 5000 + random.nextInt(2800); // near maxRecordSize: rolls 64 KiB segments every few records
        }
        byte[] body = new byte[size];
        random.nextBytes(body);
        List<String> keys = random.nextInt(4) == 0
                ? List.of(idKey(round, thread, seq))
                : List.of(idKey(round, thread, seq), "thread-" + thread);
        return new AppendRequest(topic, queueId, thread, seq, new byte[]{10, 0, (byte) round, (byte) thread}, keys,
                random.nextLong(), round, -1, idProperty(round, thread, seq), body);
    }

    static String idKey(int round, int thread, int seq) {
        return "id-" + round + "-" + thread + "-" + seq;
    }

    private static byte[] idProperty(int round, int thread, int seq) {
        return ("id=" + round + ":" + thread + ":" + seq).getBytes(StandardCharsets.US_ASCII);
    }

    /** The id a stored record claims in its properties, or null if they do not hold one. */
    static int[] idOf(StoredMessage message) {
        String properties = new String(message.properties(), StandardCharsets.US_ASCII);
        if (!properties.startsWith("id=")) {
            return null;
        }
        String[] parts = properties.substring(3).split(":");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    private static long mix(int round, int thread, int seq) {
        long z = ((long) round << 42) ^ ((long) thread << 32) ^ (seq & 0xFFFFFFFFL);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
