-- Requête de référence : la définition de la vue olinpe_flows, que l'import calcule en Rust (src/import/olinpe/indicators.rs, table olinpe_flow_counts) ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes, et scripts/bench-olinpe.sh compare ce SQL à DuckDB (stock, durées).
-- Entrées et sorties OLINPE par année d'extraction : une entrée est la première mesure d'une personne dans l'historique des fichiers du département (les premières années surestiment les entrées : les mesures commencées avant le premier fichier ne sont pas vues) ; une sortie est la fin d'une prise en charge continue (écart de 0 jour, olinpe_periods), motifs dans olinpe_exit_reasons.
WITH years AS (
    SELECT departement, year FROM olinpe_extracts
),
firsts AS (
    SELECT departement, person, MIN(datdeb) AS d FROM olinpe_measure_rows GROUP BY departement, person
),
ent AS (
    SELECT departement, CAST(date_part('year', d) AS INT) AS year, COUNT(*) AS n
    FROM firsts GROUP BY departement, CAST(date_part('year', d) AS INT)
),
ex AS (
    SELECT departement, CAST(date_part('year', period_end) AS INT) AS year, COUNT(*) AS n
    FROM olinpe_period_rows WHERE gap_days = 0 AND NOT open
    GROUP BY departement, CAST(date_part('year', period_end) AS INT)
)
SELECT y.departement, y.year, COALESCE(ent.n, 0) AS entries, COALESCE(ex.n, 0) AS exits
FROM years y
LEFT JOIN ent ON ent.departement = y.departement AND ent.year = y.year
LEFT JOIN ex ON ex.departement = y.departement AND ex.year = y.year
