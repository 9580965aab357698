package io.tandem.samples.accounts;

import java.math.BigDecimal;

/**
 * Published on the topic {@code Transfers} with the tag {@code debited} once the debit committed; the ledger credits
 * {@code to}, the notifications service tells both account holders. Sent as JSON; the other services declare a record
 * of the same shape (no shared classes between services).
 */
public record TransferDebited(String transferId, String from, String to, BigDecimal amount) {

    /** Topic and tag of the event. */
    public static final String DESTINATION = "Transfers:debited";
}
