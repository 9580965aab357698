package io.tandem.spring.example;

public record StockReserved(String reservationId, String sku, int quantity) {
}
