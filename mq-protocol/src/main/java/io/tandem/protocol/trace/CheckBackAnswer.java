package io.tandem.protocol.trace;

/** What came of one check-back of an undecided half message. */
public enum CheckBackAnswer {
    /** The producer answered commit. */
    COMMIT,
    /** The producer answered rollback. */
    ROLLBACK,
    /** The producer answered that it does not know yet. */
    UNKNOWN,
    /** No answer arrived before the half was checked again or decided otherwise. */
    NO_ANSWER
}
