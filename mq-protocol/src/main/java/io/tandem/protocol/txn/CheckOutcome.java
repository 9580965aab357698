package io.tandem.protocol.txn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a broker last learnt about the check-back of an undecided half: the outcome of its last check attempt or the
 * producer's last answer. Sent as {@code lastAnswer} in TANDEM_LIST_HALVES' bodies, as its {@link #wireName()}.
 */
public enum CheckOutcome implements WireNamed {
    /** Not checked yet. */
    NONE("NONE"),
    /**
     * CHECK_TRANSACTION_STATE was sent to a live connection of the producer group; the answer comes back as an
     * END_TRANSACTION (a decision, or {@link #UNKNOWN}).
     */
    CHECK_SENT("CHECK_SENT"),
    /** No producer of the group is connected; nothing was sent. */
    NO_PRODUCER_ONLINE("NO_PRODUCER_ONLINE"),
    /** The half record could not be read back; nothing was sent. */
    HALF_NOT_READABLE("HALF_NOT_READABLE"),
    /** Sending the check failed. */
    CHECK_FAILED("CHECK_FAILED"),
    /** The producer answered that it does not know yet (END_TRANSACTION with resolution UNKNOWN). */
    UNKNOWN("UNKNOWN");

    private final String wireName;

    CheckOutcome(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    /** The outcome whose wire name is {@code text}, or null if none has it. */
    public static CheckOutcome ofWireName(String text) {
        return WireNames.find(CheckOutcome.class, text);
    }

    @JsonCreator
    static CheckOutcome fromJson(String text) {
        return WireNames.fromJson(CheckOutcome.class, text);
    }
}
