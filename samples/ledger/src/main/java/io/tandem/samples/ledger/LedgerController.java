package io.tandem.samples.ledger;

import io.tandem.client.producer.TransactionState;
import io.tandem.spring.core.MqTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /deposits} books a deposit and publishes it (200 with the account's balance), or answers 409 for a deposit id booked before and
 * 400 naming every invalid field. {@code GET /balances/{account}} and {@code GET /stats} read the book.
 */
@RestController
public class LedgerController {

    private final MqTemplate mq;
    private final Book book;
    private final JdbcClient jdbc;

    public LedgerController(MqTemplate mq, Book book, JdbcClient jdbc) {
        this.mq = mq;
        this.book = book;
        this.jdbc = jdbc;
    }

    @PostMapping("/deposits")
    public ResponseEntity<Object> deposit(@RequestBody DepositReceived deposit) {
        List<String> problems = new ArrayList<>();
        if (deposit.depositId() == null || deposit.depositId().isBlank() || deposit.depositId().length() > 64) {
            problems.add("depositId must have 1 to 64 characters");
        }
        if (deposit.account() == null || deposit.account().isBlank() || deposit.account().length() > 64) {
            problems.add("account must have 1 to 64 characters");
        }
        if (deposit.amount() == null || deposit.amount().signum() <= 0 || deposit.amount().scale() > 2) {
            problems.add("amount must be positive with at most 2 decimals, was " + deposit.amount());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        TransactionState state = mq.sendInTransaction(DepositReceived.TOPIC, deposit, null).state();
        if (state != TransactionState.COMMIT) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONFLICT, "deposit " + deposit.depositId() + " was booked before"));
        }
        return ResponseEntity.ok(new Balance(deposit.account(), book.balance(deposit.account())
                .orElse(BigDecimal.ZERO)));
    }

    @GetMapping("/balances/{account}")
    public Balance balance(@PathVariable String account) {
        return new Balance(account, book.balance(account).orElse(BigDecimal.ZERO));
    }

    @GetMapping("/stats")
    public Stats stats() {
        return new Stats(
                jdbc.sql("SELECT COUNT(*) FROM processed_transfers").query(Long.class).single(),
                jdbc.sql("SELECT COUNT(*) FROM absorbed_duplicates").query(Long.class).single(),
                jdbc.sql("SELECT COALESCE(SUM(balance), 0) FROM ledger_balances").query(BigDecimal.class).single());
    }

    /** An account's balance in the book. */
    public record Balance(String account, BigDecimal balance) {
    }

    /** Transfers credited, deliveries absorbed as duplicates, and the sum of all balances. */
    public record Stats(long credited, long absorbedDuplicates, BigDecimal total) {
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
