package io.tandem.protocol.txn;

/** What a broker did with a TANDEM_RESOLVE_HALF, as {@link ResolveHalfResponseHeader#outcome()}. */
public enum ResolveOutcome implements WireNamed {
    /** It stored this decision, durably, before answering. */
    DECIDED("DECIDED"),
    /** The half already had a decision (possibly another one); this one was ignored. */
    ALREADY_DECIDED("ALREADY_DECIDED");

    private final String wireName;

    ResolveOutcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The outcome whose wire name is {@code text}, or null if none has it. */
    public static ResolveOutcome ofWireName(String text) {
        return WireNames.find(ResolveOutcome.class, text);
    }
}
