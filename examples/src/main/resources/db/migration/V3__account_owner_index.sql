-- databridge:no-transaction
-- Built without blocking writes, so it runs outside a transaction.
CREATE INDEX CONCURRENTLY account_owner_idx ON account (owner);
