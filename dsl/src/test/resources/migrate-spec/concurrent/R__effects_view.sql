CREATE OR REPLACE VIEW effect_counts AS SELECT migration, count(*) AS n FROM effects GROUP BY migration;
INSERT INTO effects (migration) VALUES ('R');
