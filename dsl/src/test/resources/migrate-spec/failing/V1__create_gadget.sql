CREATE TABLE gadget (id integer PRIMARY KEY);
