-- Requête de référence : la définition de la vue olinpe_stock, que l'import calcule en Rust (src/import/olinpe/indicators.rs, table olinpe_stock_counts) ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes, et scripts/bench-olinpe.sh compare ce SQL à DuckDB (stock, durées).
-- Stock OLINPE au 31 décembre de chaque année d'extraction : mesures en cours (DATDEB ≤ 31/12, fin absente ou après le 31/12) et personnes distinctes, par type de mesure, et `total` (une personne peut tenir plusieurs mesures). Données brutes, non soumises au secret statistique.
-- Chaque mesure compte dans les années Y de son début à la veille de sa fin (DATDEB ≤ 31/12/Y < fin) : stock_from ≤ Y < stock_to (olinpe_measure_rows : l'année de DATDEB ; celle de la fin, ou l'année après la dernière année d'extraction pour une mesure en cours).
WITH years AS (
    SELECT departement, year FROM olinpe_extracts
),
m AS (
    SELECT departement, measure_type, person,
           unnest(range(CAST(stock_from AS BIGINT), CAST(stock_to AS BIGINT))) AS year
    FROM olinpe_measure_rows
),
s AS (
    SELECT y.departement, y.year, m.measure_type, m.person
    FROM years y JOIN m ON m.departement = y.departement AND m.year = y.year
)
SELECT departement, year, measure_type, COUNT(*) AS measures, COUNT(DISTINCT person) AS persons
FROM s GROUP BY departement, year, measure_type
UNION ALL
SELECT departement, year, 'total' AS measure_type, COUNT(*) AS measures, COUNT(DISTINCT person) AS persons
FROM s GROUP BY departement, year
