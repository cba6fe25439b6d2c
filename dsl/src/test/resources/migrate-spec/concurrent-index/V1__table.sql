CREATE TABLE indexed (id integer, v text);
INSERT INTO indexed SELECT g, md5(g::text) FROM generate_series(1, 500) g;
