CREATE TABLE also_rolled_back (id integer);
SELECT 1 / 0;
