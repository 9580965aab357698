package io.tandem.samples.accounts;

import java.math.BigDecimal;

/**
 * The body of {@code POST /transfers}. {@code transferId} is chosen by the caller, so a request sent again (after a
 * timeout, say) is recognised and not debited twice.
 */
public record TransferRequest(String transferId, String from, String to, BigDecimal amount) {
}
