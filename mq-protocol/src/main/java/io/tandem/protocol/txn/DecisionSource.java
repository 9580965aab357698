package io.tandem.protocol.txn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who decided a half message. On the wire it is its {@link #wireName()} (TANDEM_RESOLVE_HALF's {@code source},
 * TANDEM_HALF_DECISIONS' bodies, the op record).
 */
public enum DecisionSource implements WireNamed {
    /** The producer's own END_TRANSACTION after its local transaction. */
    PRODUCER("PRODUCER"),
    /** A producer's answer to a check-back, through the broker or a coordinator's HTTP check endpoint. */
    CHECK("CHECK"),
    /** The end-of-checks policy ({@link EndOfChecks}). */
    POLICY("POLICY"),
    /** An operator, through the coordinator's or the broker's admin API. */
    OPERATOR("OPERATOR");

    private final String wireName;

    DecisionSource(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    /** The source whose wire name is {@code text}, or null if none has it. */
    public static DecisionSource ofWireName(String text) {
        return WireNames.find(DecisionSource.class, text);
    }

    @JsonCreator
    static DecisionSource fromJson(String text) {
        return WireNames.fromJson(DecisionSource.class, text);
    }
}
