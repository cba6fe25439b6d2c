CREATE TABLE book (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES author, title text NOT NULL);
