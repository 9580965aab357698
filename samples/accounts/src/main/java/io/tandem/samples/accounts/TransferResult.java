package io.tandem.samples.accounts;

import java.math.BigDecimal;

/**
 * The answer to a transfer: {@code balance} is the balance of {@code from} after the debit; {@code repeated} is true
 * when this transfer id had already been debited, which this request then did not do again.
 */
public record TransferResult(String transferId, String from, String to, BigDecimal amount, BigDecimal balance,
                             boolean repeated) {
}
