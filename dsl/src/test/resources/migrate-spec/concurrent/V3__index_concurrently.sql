-- databridge:no-transaction
CREATE INDEX CONCURRENTLY item_name ON item (name);
INSERT INTO effects (migration) VALUES ('V3');
