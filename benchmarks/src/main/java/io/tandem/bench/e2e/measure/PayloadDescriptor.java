package io.tandem.bench.e2e.measure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Layout of a benchmark message body: who sent it, its number in that sender's sequence, and when it was sent,
 * followed by filler up to the workload's message size.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         Magic ("TBe2")                        |  0
 *  +---------------------------------------------------------------+
 *  |              Stream (producer thread, -1 for a probe)         |  4
 *  +---------------------------------------------------------------+
 *  |                        Sequence in stream                     |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               Send time (System.nanoTime of the sender)       | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Filler up to the message size              ... 24
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * All fields are big-endian. The send time is only comparable within the JVM that wrote it: producers and consumers
 * of a run live in one load-generator process, so end-to-end latency is measured on one clock.
 */
public final class PayloadDescriptor {

    public static final int MAGIC = 0x54426532;
    public static final int MAGIC_OFFSET = 0;
    public static final int STREAM_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int SEND_TIME_OFFSET = 16;
    public static final int HEADER_LENGTH = 24;

    /** Stream of the readiness probes sent before a run; never counted. */
    public static final int PROBE_STREAM = -1;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private PayloadDescriptor() {
    }

    /**
     * Filler that does not compress (so no client compresses it), to be copied into every body of
     * {@code messageLength} bytes.
     */
    public static byte[] template(int messageLength) {
        if (messageLength < HEADER_LENGTH) {
            throw new IllegalArgumentException("a message must hold at least the " + HEADER_LENGTH
                    + "-byte header, was " + messageLength + " bytes");
        }
        byte[] template = new byte[messageLength];
        new SplittableRandom(messageLength).nextBytes(template);
        return template;
    }

    /** A new body: a copy of {@code template} with the header written. */
    public static byte[] newBody(byte[] template, int stream, long sequence, long sendTimeNs) {
        byte[] body = template.clone();
        INT.set(body, MAGIC_OFFSET, MAGIC);
        INT.set(body, STREAM_OFFSET, stream);
        LONG.set(body, SEQUENCE_OFFSET, sequence);
        LONG.set(body, SEND_TIME_OFFSET, sendTimeNs);
        return body;
    }

    /** Whether {@code body} carries this layout's header (a message of another origin does not). */
    public static boolean isBenchmarkBody(byte[] body) {
        return body != null && body.length >= HEADER_LENGTH && (int) INT.get(body, MAGIC_OFFSET) == MAGIC;
    }

    public static int stream(byte[] body) {
        return (int) INT.get(body, STREAM_OFFSET);
    }

    public static long sequence(byte[] body) {
        return (long) LONG.get(body, SEQUENCE_OFFSET);
    }

    public static long sendTimeNs(byte[] body) {
        return (long) LONG.get(body, SEND_TIME_OFFSET);
    }
}
