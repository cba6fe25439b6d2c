-- databridge:no-transaction
CREATE INDEX CONCURRENTLY indexed_v ON indexed (v);
CREATE UNIQUE INDEX CONCURRENTLY indexed_id ON indexed (id);
