-- Run at every start (spring.sql.init.mode=always); portable between PostgreSQL and H2.
CREATE TABLE IF NOT EXISTS accounts (
    id      VARCHAR(64) PRIMARY KEY,
    balance NUMERIC(19, 2) NOT NULL CHECK (balance >= 0)
);

CREATE TABLE IF NOT EXISTS transfers (
    transfer_id  VARCHAR(64) PRIMARY KEY,
    from_account VARCHAR(64) NOT NULL,
    to_account   VARCHAR(64) NOT NULL,
    amount       NUMERIC(19, 2) NOT NULL,
    debited_at   TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);
