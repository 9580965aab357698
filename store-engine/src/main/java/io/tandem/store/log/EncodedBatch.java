package io.tandem.store.log;

import io.tandem.store.AppendRequest;
import io.tandem.store.RecordTooLargeException;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Records encoded back to back in one reusable heap buffer, waiting to be sealed and appended. Not thread-safe:
 * each appending thread uses its own (see {@link #forCurrentThread}), so encoding happens outside the log's lock
 * and allocates nothing once the buffer has grown to fit.
 */
public final class EncodedBatch {

    private static final ThreadLocal<EncodedBatch> PER_THREAD = ThreadLocal.withInitial(EncodedBatch::new);

    private byte[] buffer = new byte[4096];
    private MemorySegment segment = MemorySegment.ofArray(buffer);
    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private int[] queueIds = new int[8];
    private String[] topics = new String[8];
    private int count;
    private int used;

    public static EncodedBatch forCurrentThread() {
        EncodedBatch batch = PER_THREAD.get();
        batch.clear();
        return batch;
    }

    public void clear() {
        Arrays.fill(topics, 0, count, null);
        count = 0;
        used = 0;
    }

    /** Encodes {@code request}. */
    public void add(AppendRequest request, int maxRecordSize) {
        byte[] topicBytes = request.topic().getBytes(StandardCharsets.UTF_8);
        long length = RecordCodec.encodedLength(request, topicBytes);
        if (length > maxRecordSize) {
            throw new RecordTooLargeException((int) Math.min(Integer.MAX_VALUE, length), maxRecordSize);
        }
        ensureCapacity((int) length);
        RecordCodec.encode(request, topicBytes, segment.asSlice(used, length), (int) length);
        offsets[count] = used;
        lengths[count] = (int) length;
        queueIds[count] = request.queueId();
        topics[count] = request.topic();
        count++;
        used += (int) length;
    }

    public void addAll(List<AppendRequest> requests, int maxRecordSize) {
        for (AppendRequest request : requests) {
            add(request, maxRecordSize);
        }
    }

    public int count() {
        return count;
    }

    int length(int index) {
        return lengths[index];
    }

    int queueId(int index) {
        return queueIds[index];
    }

    String topic(int index) {
        return topics[index];
    }

    MemorySegment record(int index) {
        return segment.asSlice(offsets[index], lengths[index]);
    }

    private void ensureCapacity(int length) {
        if (count == offsets.length) {
            int grown = count * 2;
            offsets = Arrays.copyOf(offsets, grown);
            lengths = Arrays.copyOf(lengths, grown);
            queueIds = Arrays.copyOf(queueIds, grown);
            topics = Arrays.copyOf(topics, grown);
        }
        if ((long) used + length > buffer.length) {
            long wanted = Math.max((long) used + length, 2L * buffer.length);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("batch too large: " + wanted + " bytes");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
            segment = MemorySegment.ofArray(buffer);
        }
    }
}
