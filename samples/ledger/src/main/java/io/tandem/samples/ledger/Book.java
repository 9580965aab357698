package io.tandem.samples.ledger;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.util.Optional;

/** The ledger's balances, in the service's database. */
@Component
public class Book {

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    public Book(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Adds {@code amount} to the account's balance, in the caller's transaction. */
    public void credit(String account, BigDecimal amount) {
        ensureAccount(account);
        jdbc.sql("UPDATE ledger_balances SET balance = balance + ? WHERE account = ?").params(amount, account)
                .update();
    }

    /** The account's balance; empty if nothing was ever credited to it. */
    public Optional<BigDecimal> balance(String account) {
        return jdbc.sql("SELECT balance FROM ledger_balances WHERE account = ?").param(account)
                .query(BigDecimal.class).optional();
    }

    /**
     * Creates the account's row at zero in a transaction of its own, so that two first credits of one account at
     * once do not fail each other's transaction: one inserts, the other finds the row.
     */
    private void ensureAccount(String account) {
        if (balance(account).isPresent()) {
            return;
        }
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.sql(
                    "INSERT INTO ledger_balances (account, balance) VALUES (?, 0)").param(account).update());
        } catch (DuplicateKeyException created) {
            // Created at the same moment by another credit: the row is there.
        }
    }
}
