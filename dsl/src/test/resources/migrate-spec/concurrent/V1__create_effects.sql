CREATE TABLE effects (migration text NOT NULL, backend integer NOT NULL DEFAULT pg_backend_pid());
CREATE TABLE item (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO effects (migration) VALUES ('V1');
