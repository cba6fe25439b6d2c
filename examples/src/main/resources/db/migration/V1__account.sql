-- The tour's accounts: created by the migration runner, recorded in databridge_schema_history.
CREATE TABLE account (
    id      uuid PRIMARY KEY,
    owner   text NOT NULL,
    balance numeric(12,2) NOT NULL,
    opened  timestamptz NOT NULL DEFAULT now()
);
