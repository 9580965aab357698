package io.tandem.protocol.body;

/** How a consumer gets messages (fact sheet 6.2). */
public enum ConsumeType {
    /** Pull and lite-pull consumers. */
    CONSUME_ACTIVELY,
    /** Push consumers. */
    CONSUME_PASSIVELY,
    /** POP consumers. */
    CONSUME_POP
}
