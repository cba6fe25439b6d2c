-- Authors; the comment has a semicolon; it must not split.
CREATE TABLE author (
    id integer PRIMARY KEY,
    name text NOT NULL
);
/* a block comment; /* nested; */ still a comment */
CREATE INDEX author_name ON author (name);
