package io.tandem.samples.accounts;

import java.math.BigDecimal;

/** The account holds less than the transfer's amount; nothing was debited and nothing sent. */
public class InsufficientFundsException extends RuntimeException {

    public InsufficientFundsException(String account, BigDecimal balance, BigDecimal amount) {
        super("account " + account + " holds " + balance.toPlainString() + ", less than the transfer's "
                + amount.toPlainString());
    }
}
