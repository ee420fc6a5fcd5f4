-- Requête de référence : la définition de la table olinpe_family_counts que l'import calcule en Rust (src/import/olinpe/indicators.rs), lue par la vue olinpe_reconciliation qui la rapproche des dénombrements DREES ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes.
-- Stock OLINPE au 31/12 de chaque année d'extraction par famille DREES (aed, aemo, accueil de olinpe_measure_types) : mesures en cours et personnes distinctes (stock_from ≤ Y < stock_to, comme queries/olinpe/reference/stock.sql).
WITH years AS (
    SELECT departement, year FROM olinpe_extracts
),
u AS (
    SELECT departement, drees_family, person,
           unnest(range(CAST(stock_from AS BIGINT), CAST(stock_to AS BIGINT))) AS year
    FROM olinpe_measure_rows WHERE drees_family IS NOT NULL
)
SELECT y.departement, y.year, u.drees_family AS family,
       COUNT(*) AS measures, COUNT(DISTINCT u.person) AS persons
FROM years y JOIN u ON u.departement = y.departement AND u.year = y.year
GROUP BY y.departement, y.year, u.drees_family
