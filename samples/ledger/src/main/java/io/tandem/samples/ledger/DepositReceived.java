package io.tandem.samples.ledger;

import java.math.BigDecimal;

/** Published on the topic {@code Deposits} once a deposit is in the book. */
public record DepositReceived(String depositId, String account, BigDecimal amount) {

    /** The topic. */
    public static final String TOPIC = "Deposits";
}
