package io.tandem.protocol.header;

/** Bits of a pull request's {@code sysFlag} (fact sheet 2.5). */
public final class PullSysFlag {

    /** The request carries the consumer's in-memory offset in {@code commitOffset}; the broker stores it. */
    public static final int COMMIT_OFFSET = 0x1;
    /** The broker may hold the request (long polling) when nothing is there. */
    public static final int SUSPEND = 0x2;
    /** The subscription expression is carried in the header instead of taken from heartbeats. */
    public static final int SUBSCRIPTION = 0x4;
    /** Legacy filter servers; unused. */
    public static final int CLASS_FILTER = 0x8;
    /** Sent by the lite pull consumer (code 361). */
    public static final int LITE_PULL = 0x10;

    private PullSysFlag() {
    }

    /** Whether {@code sysFlag} has every bit of {@code bits}. */
    public static boolean has(int sysFlag, int bits) {
        return (sysFlag & bits) == bits;
    }
}
