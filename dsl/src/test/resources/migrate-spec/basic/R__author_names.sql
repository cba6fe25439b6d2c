CREATE OR REPLACE VIEW author_names AS SELECT name FROM author ORDER BY name;
