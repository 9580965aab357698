-- Run at every start (spring.sql.init.mode=always); portable between PostgreSQL and H2.
CREATE TABLE IF NOT EXISTS notices (
    transfer_id VARCHAR(64) NOT NULL,
    account     VARCHAR(64) NOT NULL,
    text        VARCHAR(512) NOT NULL,
    sent_at     TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (transfer_id, account)
);

CREATE TABLE IF NOT EXISTS undeliverable (
    transfer_id       VARCHAR(64) PRIMARY KEY,
    account           VARCHAR(64) NOT NULL,
    failed_deliveries INT NOT NULL,
    given_up_at       TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);
