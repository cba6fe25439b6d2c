CREATE TABLE greeting (id integer PRIMARY KEY, text text NOT NULL);
INSERT INTO greeting VALUES (1, 'hello from a migration');
