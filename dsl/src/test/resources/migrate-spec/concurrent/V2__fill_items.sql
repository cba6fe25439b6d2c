INSERT INTO item SELECT g, 'item ' || g FROM generate_series(1, 1000) g;
INSERT INTO effects (migration) VALUES ('V2');
