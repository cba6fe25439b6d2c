CREATE TABLE created_then_rolled_back (id integer);
