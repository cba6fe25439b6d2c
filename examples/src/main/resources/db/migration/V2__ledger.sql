-- The pool tour's ledger.
CREATE TABLE ledger (
    entry  serial PRIMARY KEY,
    note   text NOT NULL,
    amount numeric(12,2) NOT NULL
);
