-- Tables of the example application (io.tandem.spring.example), created in its embedded H2 database.
CREATE TABLE IF NOT EXISTS checkouts (order_id BIGINT PRIMARY KEY, total DECIMAL(12, 2) NOT NULL);
CREATE TABLE IF NOT EXISTS reservations (id VARCHAR(64) PRIMARY KEY, sku VARCHAR(64) NOT NULL, quantity INT NOT NULL);
CREATE TABLE IF NOT EXISTS stock (sku VARCHAR(64) PRIMARY KEY, available INT NOT NULL);
