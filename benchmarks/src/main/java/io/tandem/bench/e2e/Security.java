package io.tandem.bench.e2e;

import java.util.Locale;

/**
 * What protects the connection between the RocketMQ client and Tandem's broker in a run: nothing (the default),
 * signed requests (the client's {@code AclClientRPCHook}; the broker with authentication and authorization on checks
 * every request's signature and the user's rights), TLS in enforcing mode on both listeners, or both. Named in a
 * target's label by the suffixes {@code +signed} and {@code +tls}, so that one comparison measures their cost side by
 * side: {@code tandem-uring,tandem-uring+signed,tandem-uring+tls,tandem-uring+signed+tls}.
 */
public enum Security {
    NONE(false, false),
    SIGNED(true, false),
    TLS(false, true),
    SIGNED_TLS(true, true);

    static final String SIGNED_SUFFIX = "+signed";
    static final String TLS_SUFFIX = "+tls";

    private final boolean signed;
    private final boolean tls;

    Security(boolean signed, boolean tls) {
        this.signed = signed;
        this.tls = tls;
    }

    public static Security of(boolean signed, boolean tls) {
        return signed ? (tls ? SIGNED_TLS : SIGNED) : (tls ? TLS : NONE);
    }

    /** Whether requests carry a signature the broker verifies. */
    public boolean signed() {
        return signed;
    }

    /** Whether the connections are TLS. */
    public boolean tls() {
        return tls;
    }

    /** The label suffix: empty, {@code +signed}, {@code +tls} or {@code +signed+tls}. */
    public String suffix() {
        return (signed ? SIGNED_SUFFIX : "") + (tls ? TLS_SUFFIX : "");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
