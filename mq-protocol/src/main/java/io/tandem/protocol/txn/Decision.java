package io.tandem.protocol.txn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A half message's final outcome. On the wire it is its {@link #wireName()} (TANDEM_RESOLVE_HALF's {@code decision},
 * TANDEM_HALF_DECISIONS' bodies) and in the op record its {@link #opCode()} ({@link TransactionOpDescriptor}).
 */
public enum Decision implements WireNamed {
    /** The message is delivered to its real topic. */
    COMMIT("COMMIT", (byte) 'C'),
    /** The message is never delivered. */
    ROLLBACK("ROLLBACK", (byte) 'R');

    private final String wireName;
    private final byte opCode;

    Decision(String wireName, byte opCode) {
        this.wireName = wireName;
        this.opCode = opCode;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    /** The decision's one ASCII byte in the op record. */
    public byte opCode() {
        return opCode;
    }

    /** The decision whose wire name is {@code text}, or null if none has it. */
    public static Decision ofWireName(String text) {
        return WireNames.find(Decision.class, text);
    }

    /** The decision whose op-record code is {@code code}, or null if none has it. */
    public static Decision ofOpCode(byte code) {
        for (Decision decision : values()) {
            if (decision.opCode == code) {
                return decision;
            }
        }
        return null;
    }

    @JsonCreator
    static Decision fromJson(String text) {
        return WireNames.fromJson(Decision.class, text);
    }
}
