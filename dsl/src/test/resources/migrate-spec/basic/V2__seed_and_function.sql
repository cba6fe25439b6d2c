INSERT INTO author VALUES (1, 'O''Brien; the elder');
INSERT INTO author VALUES (2, E'back\\slash\'; quote');
CREATE FUNCTION author_count() RETURNS bigint LANGUAGE plpgsql AS $body$
BEGIN
    RETURN (SELECT count(*) FROM author); -- semicolons inside a dollar quote
END;
$body$;
CREATE TABLE "semi;colon" (v text DEFAULT ';');
