package io.tandem.protocol;

/**
 * Version ordinals carried in the {@code version} field of every command (fact sheet 0 and 1.3). They are positions
 * in the reference product's version list, so only comparisons against the thresholds below mean anything.
 */
public final class ProtocolVersion {

    /** 3.0.0-SNAPSHOT. */
    public static final int V3_0_0_SNAPSHOT = 0;
    /** 3.4.9: from here the broker honours {@code maxReconsumeTimes} in send and send-back headers. */
    public static final int V3_4_9 = 121;
    /** 4.1.0-SNAPSHOT: the client refuses SQL92 pulls from brokers older than this. */
    public static final int V4_1_0_SNAPSHOT = 232;
    /** 4.9.4: from here clients get route JSON with quoted map keys. */
    public static final int V4_9_4 = 401;
    /** 5.0.0: from here a compressed REGISTER_BROKER body carries the static-topic mapping section. */
    public static final int V5_0_0 = 413;
    /** 5.3.1: brokers answer GO_AWAY during shutdown only to clients newer than this. */
    public static final int V5_3_1 = 475;
    /** 5.3.3, the version the captures were taken with. */
    public static final int V5_3_3 = 479;

    /** What Tandem's broker, name server and client write in their commands. */
    public static final int CURRENT = V5_3_3;

    private ProtocolVersion() {
    }
}
