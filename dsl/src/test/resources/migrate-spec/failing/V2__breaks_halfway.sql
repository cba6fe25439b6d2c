-- Creates a table and rows, then violates the primary key on line 7:
-- the whole migration must be rolled back.
CREATE TABLE half_done (id integer PRIMARY KEY);
INSERT INTO half_done VALUES (1);
INSERT INTO gadget VALUES (1);

INSERT INTO gadget VALUES (1);
