package io.tandem.samples.accounts;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /transfers}: 200 with the {@link TransferResult}; 400 naming every invalid field; 404 for an unknown
 * source account; 422 for insufficient funds. {@code GET /accounts/{id}} and {@code PUT /accounts/{id}?balance=}
 * read and open accounts.
 */
@RestController
public class TransferController {

    private static final int MAX_ID_LENGTH = 64;

    private final Transfers transfers;

    public TransferController(Transfers transfers) {
        this.transfers = transfers;
    }

    @PostMapping("/transfers")
    public TransferResult transfer(@RequestBody TransferRequest request) {
        List<String> problems = new ArrayList<>();
        checkId("transferId", request.transferId(), problems);
        checkId("from", request.from(), problems);
        checkId("to", request.to(), problems);
        if (request.amount() == null || request.amount().signum() <= 0) {
            problems.add("amount must be a positive number, was " + request.amount());
        } else if (request.amount().scale() > 2) {
            problems.add("amount has more than 2 decimals: " + request.amount().toPlainString());
        }
        if (request.from() != null && request.from().equals(request.to())) {
            problems.add("from and to are the same account: " + request.from());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return transfers.transfer(request);
    }

    @GetMapping("/accounts/{id}")
    public Map<String, Object> account(@PathVariable String id) {
        BigDecimal balance = transfers.balance(id).orElseThrow(() -> new UnknownAccountException(id));
        return Map.of("id", id, "balance", balance);
    }

    @PutMapping("/accounts/{id}")
    public Map<String, Object> open(@PathVariable String id, @RequestParam BigDecimal balance) {
        List<String> problems = new ArrayList<>();
        checkId("id", id, problems);
        if (balance.signum() < 0) {
            problems.add("balance must not be negative, was " + balance.toPlainString());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        transfers.open(id, balance);
        return Map.of("id", id, "balance", balance);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(UnknownAccountException.class)
    ProblemDetail unknownAccount(UnknownAccountException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(InsufficientFundsException.class)
    ProblemDetail insufficientFunds(InsufficientFundsException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    private static void checkId(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing");
        } else if (value.length() > MAX_ID_LENGTH) {
            problems.add(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
    }
}
