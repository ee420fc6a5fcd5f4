-- Requête de référence : la définition de la vue olinpe_entry_ages, que l'import calcule en Rust (src/import/olinpe/indicators.rs, table olinpe_entry_age_counts) ; le test olinpe_indicators_equal_their_reference_sql vérifie qu'elles donnent les mêmes lignes, et scripts/bench-olinpe.sh compare ce SQL à DuckDB (stock, durées).
-- Âge à l'entrée (première mesure de la personne dans l'historique du département) par année d'extraction et tranche (0-2, 3-5, 6-10, 11-15, 16-17, 18-20) : âge en années révolues entre la naissance (ANAIS, MNAIS, jour 15 ; mois inconnu : juillet, hypothèse) et le DATDEB de la première mesure. `inconnu` : année de naissance inconnue ; `hors bornes` : âge négatif ou de plus de 20 ans.
WITH years AS (
    SELECT departement, year FROM olinpe_extracts
),
firsts AS (
    SELECT departement, person, MIN(datdeb) AS d, MAX(anais) AS anais, MAX(mnais) AS mnais
    FROM olinpe_measure_rows GROUP BY departement, person
),
a AS (
    SELECT f.departement, f.person, CAST(date_part('year', f.d) AS INT) AS year,
           CASE WHEN f.anais IS NULL THEN NULL
                ELSE CAST(floor(((CAST(date_part('year', f.d) AS INT) - f.anais) * 12
                      + CAST(date_part('month', f.d) AS INT) - COALESCE(f.mnais, 7)
                      - CASE WHEN date_part('day', f.d) < 15 THEN 1 ELSE 0 END) / 12.0) AS INT)
           END AS age
    FROM firsts f
)
SELECT a.departement, a.year,
       CASE WHEN age IS NULL THEN 'inconnu'
            WHEN age < 0 OR age > 20 THEN 'hors bornes'
            WHEN age <= 2 THEN '0-2' WHEN age <= 5 THEN '3-5' WHEN age <= 10 THEN '6-10'
            WHEN age <= 15 THEN '11-15' WHEN age <= 17 THEN '16-17' ELSE '18-20' END AS age_band,
       COUNT(*) AS persons
FROM a
JOIN years y ON y.departement = a.departement AND y.year = a.year
GROUP BY a.departement, a.year, 3
