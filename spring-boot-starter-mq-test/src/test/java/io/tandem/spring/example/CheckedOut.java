package io.tandem.spring.example;

import java.math.BigDecimal;

public record CheckedOut(long orderId, BigDecimal total) {
}
