package io.tandem.samples.ledger;

import java.math.BigDecimal;

/** The accounts service's event (topic {@code Transfers}, tag {@code debited}), read from its JSON. */
public record TransferDebited(String transferId, String from, String to, BigDecimal amount) {
}
