package io.tandem.samples.accounts;

import io.tandem.spring.core.MqTemplate;
import io.tandem.spring.support.MqHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Debits transfers. The debit, the transfer's row and the {@link TransferDebited} event are one local transaction:
 * the event is sent as a half message that the broker delivers only once the database committed, and drops if it
 * rolled back, so a failed debit never reaches the ledger and a committed one always does.
 */
@Service
public class Transfers {

    private final JdbcClient jdbc;
    private final MqTemplate mq;

    public Transfers(JdbcClient jdbc, MqTemplate mq) {
        this.jdbc = jdbc;
        this.mq = mq;
    }

    /**
     * Debits {@code request.from()} and publishes the event.
     *
     * @throws InsufficientFundsException if the account holds less than the amount (nothing debited, nothing sent)
     * @throws UnknownAccountException if there is no account {@code from}
     */
    @Transactional
    public TransferResult transfer(TransferRequest request) {
        Optional<TransferResult> earlier = find(request.transferId());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        int debited = jdbc.sql("UPDATE accounts SET balance = balance - :amount WHERE id = :id AND balance >= :amount")
                .param("amount", request.amount())
                .param("id", request.from())
                .update();
        BigDecimal balance = balance(request.from())
                .orElseThrow(() -> new UnknownAccountException(request.from()));
        if (debited == 0) {
            throw new InsufficientFundsException(request.from(), balance, request.amount());
        }
        // The primary key makes a concurrent request with the same id fail here and roll its debit back.
        jdbc.sql("INSERT INTO transfers (transfer_id, from_account, to_account, amount) VALUES (?, ?, ?, ?)")
                .params(request.transferId(), request.from(), request.to(), request.amount())
                .update();
        TransferDebited event = new TransferDebited(request.transferId(), request.from(), request.to(),
                request.amount());
        // Inside this transaction: a half message now, delivered when the commit above is reported.
        mq.send(TransferDebited.DESTINATION, MessageBuilder.withPayload(event)
                .setHeader(MqHeaders.KEYS, request.transferId())
                .build());
        return new TransferResult(request.transferId(), request.from(), request.to(), request.amount(), balance,
                false);
    }

    /** The account's balance, if there is such an account. */
    public Optional<BigDecimal> balance(String account) {
        return jdbc.sql("SELECT balance FROM accounts WHERE id = ?").param(account).query(BigDecimal.class).optional();
    }

    /** Opens an account with a starting balance, or sets the balance of an existing one. */
    @Transactional
    public void open(String account, BigDecimal balance) {
        int updated = jdbc.sql("UPDATE accounts SET balance = ? WHERE id = ?").params(balance, account).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO accounts (id, balance) VALUES (?, ?)").params(account, balance).update();
        }
    }

    private Optional<TransferResult> find(String transferId) {
        return jdbc.sql("""
                        SELECT t.transfer_id, t.from_account, t.to_account, t.amount, a.balance
                        FROM transfers t JOIN accounts a ON a.id = t.from_account WHERE t.transfer_id = ?""")
                .param(transferId)
                .query((row, number) -> new TransferResult(row.getString(1), row.getString(2), row.getString(3),
                        row.getBigDecimal(4), row.getBigDecimal(5), true))
                .optional();
    }
}
