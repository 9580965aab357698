package io.tandem.spring.example;

import java.math.BigDecimal;

public record OrderPlaced(long orderId, String customer, BigDecimal amount) {
}
