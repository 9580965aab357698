-- One schema per sample service in the compose file's database (docker-entrypoint-initdb.d runs it once, when the
-- database is created). Each service creates its tables in its schema at startup.
CREATE SCHEMA accounts;
CREATE SCHEMA ledger;
CREATE SCHEMA notifications;
