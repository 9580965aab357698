-- Run at every start (spring.sql.init.mode=always); portable between PostgreSQL and H2.
CREATE TABLE IF NOT EXISTS ledger_balances (
    account VARCHAR(64) PRIMARY KEY,
    balance NUMERIC(19, 2) NOT NULL
);

-- One row per credited transfer, written in the credit's transaction: the ledger's idempotency.
CREATE TABLE IF NOT EXISTS processed_transfers (
    transfer_id  VARCHAR(64) PRIMARY KEY,
    message_id   VARCHAR(128) NOT NULL,
    processed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);

-- Deliveries of an already credited transfer, which credited nothing.
CREATE TABLE IF NOT EXISTS absorbed_duplicates (
    transfer_id VARCHAR(64) NOT NULL,
    message_id  VARCHAR(128) NOT NULL,
    seen_at     TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS deposits (
    deposit_id VARCHAR(64) PRIMARY KEY,
    account    VARCHAR(64) NOT NULL,
    amount     NUMERIC(19, 2) NOT NULL,
    booked_at  TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);
