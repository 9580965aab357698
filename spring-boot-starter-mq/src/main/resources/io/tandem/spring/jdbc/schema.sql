-- Tables the Tandem starter keeps in the application's own database. Portable SQL for PostgreSQL and H2; applications
-- that manage their schema with Flyway or Liquibase copy this file into their migrations and set
-- tandem.mq.jdbc.create-tables=false.

-- One row per transactional message the application sent, keyed by the message's UNIQ_KEY. A send inside a Spring
-- transaction writes state COMMIT in that transaction, so the row exists exactly when the transaction committed; a
-- check-back that finds no row writes ROLLBACK under the same key, which waits for a transaction still holding the
-- key and then settles the answer for good. A send whose local transaction an @MqTransactionListener runs writes
-- LISTENER (with its transaction type, if any) before the message is sent, so checks over HTTP find its listener;
-- inside the application's transaction it writes it in that transaction, and the listener's COMMIT or ROLLBACK answer
-- replaces it there.
CREATE TABLE IF NOT EXISTS tandem_mq_transaction (
    transaction_id    VARCHAR(128) NOT NULL PRIMARY KEY,
    producer_group    VARCHAR(255) NOT NULL,
    topic             VARCHAR(255) NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    transaction_type  VARCHAR(255),
    created_at        TIMESTAMP    NOT NULL
);
CREATE INDEX IF NOT EXISTS tandem_mq_transaction_created_at ON tandem_mq_transaction (created_at);

-- One row per message an idempotent listener handled, written in the same transaction as the listener's work.
CREATE TABLE IF NOT EXISTS tandem_mq_consumed (
    consumer_group  VARCHAR(255) NOT NULL,
    message_id      VARCHAR(128) NOT NULL,
    consumed_at     TIMESTAMP    NOT NULL,
    PRIMARY KEY (consumer_group, message_id)
);
CREATE INDEX IF NOT EXISTS tandem_mq_consumed_consumed_at ON tandem_mq_consumed (consumed_at);
