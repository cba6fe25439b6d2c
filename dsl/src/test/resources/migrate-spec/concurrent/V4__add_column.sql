ALTER TABLE item ADD COLUMN price numeric(10, 2);
INSERT INTO effects (migration) VALUES ('V4');
